"""What issue 15's services (N9, N10, N16) add to 我的办事: the current 复工返岗指引 on an
individual's or a firm's 待办 page, and each role's links with what waits for it."""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import Role, User
from wengang.clock import today

from .models import Notice

#: at most this many notices on the 待办 page
LIMIT = 5


def portal_context(user: User) -> dict[str, Any]:
    from wengang.graduates import permissions as graduates
    from wengang.graduates.services import on_hand
    from wengang.loans import permissions as loans
    from wengang.loans.models import ExtensionStatus, GuaranteeStatus
    from wengang.loans.selectors import bank_requests, guarantee_queue

    from . import permissions

    reads = user.role in (Role.INDIVIDUAL, Role.ENTERPRISE, Role.AGENCY)
    return {
        "current_notices": list(Notice.objects.current(today())[:LIMIT]) if reads else [],
        "may_publish_notices": permissions.can_publish(user),
        "may_sign": graduates.can_list_agreements(user) and user.role != Role.ADMIN,
        "agreements_waiting": on_hand(user),
        "may_borrow": loans.is_borrower_side(user),
        "is_bank": loans.is_bank(user),
        "extensions_waiting": bank_requests(user).filter(status=ExtensionStatus.SUBMITTED).count()
        if loans.is_bank(user)
        else 0,
        "may_review_guarantees": loans.can_review_guarantees(user),
        "guarantees_waiting": guarantee_queue(GuaranteeStatus.SUBMITTED).count() if loans.can_review_guarantees(user) else 0,
    }
