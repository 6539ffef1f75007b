"""What issue 15's services (N9, N10, N16) add to 我的办事: the current 复工返岗指引 on an
individual's or a firm's 待办 page, and each role's links with what waits for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from wengang.accounts.models import Role, User
from wengang.clock import today
from wengang.ops.jinja import url
from wengang.ops.prepared import Prepared, as_date

from .models import Kind, Notice

#: at most this many notices on the 待办 page
LIMIT = 5


@dataclass(frozen=True)
class CurrentNotice:
    """A current notice as the 待办 page lists it: its link, title, kind and dates."""

    url: str
    title: str
    kind_label: str
    publish_on: dt.date | None
    expires_on: dt.date | None


def _current_query(on: dt.date) -> QuerySet[Any]:
    return Notice.objects.current(on).values_list("pk", "title", "kind", "publish_on", "expires_on")[:LIMIT]


#: compiled once per process: the page lists them on every visit (issue 11, load)
CURRENT = Prepared(_current_query, dt.date)


def current_notices(on: dt.date) -> list[CurrentNotice]:
    return [
        CurrentNotice(url("notices:detail", pk), title, Kind(kind).label, as_date(publish_on), as_date(expires_on))
        for pk, title, kind, publish_on, expires_on in CURRENT.rows(on)
    ]


def portal_context(user: User) -> dict[str, Any]:
    from wengang.graduates import permissions as graduates
    from wengang.graduates.services import on_hand
    from wengang.loans import permissions as loans
    from wengang.loans.models import ExtensionStatus, GuaranteeStatus
    from wengang.loans.selectors import bank_requests, guarantee_queue

    from . import permissions

    reads = user.role in (Role.INDIVIDUAL, Role.ENTERPRISE, Role.AGENCY)
    return {
        "current_notices": current_notices(today()) if reads else [],
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
