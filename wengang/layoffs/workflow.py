"""The layoff report's workflow as data, and the one transition service.

draft → submitted → accepted (收悉证明) / returned; a returned report is corrected and submitted again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User

from .models import LayoffReport, LayoffStatusChange, Status
from .permissions import is_labour_relations

S = Status
ENTERPRISE = frozenset({Role.ENTERPRISE})
REVIEWER = frozenset({Role.REVIEWER})


@dataclass(frozen=True)
class Move:
    roles: frozenset[str]
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.SUBMITTED): Move(ENTERPRISE, "提交报告"),
    (S.RETURNED, S.SUBMITTED): Move(ENTERPRISE, "补正后重新提交"),
    (S.SUBMITTED, S.ACCEPTED): Move(REVIEWER, "受理并出具收悉证明"),
    (S.SUBMITTED, S.RETURNED): Move(REVIEWER, "退回补正", needs_comment=True),
}
EDITABLE = frozenset({S.DRAFT, S.RETURNED})


class TransitionError(Exception):
    """The move is not allowed now; the message says why, in Chinese."""


def report_transition(
    *,
    report: LayoffReport,
    to: str,
    actor: User,
    comment: str = "",
    change: Callable[[LayoffReport], dict[str, Any]] | None = None,
) -> LayoffStatusChange:
    """Move ``report`` to ``to``: lock → guard → change → append a status-change row.

    ``change`` runs on the locked row after the guards and returns further fields to save (it
    may raise :class:`TransitionError`). Nothing is written when the move is refused.
    """
    with transaction.atomic():
        locked = LayoffReport.objects.select_for_update().get(pk=report.pk)
        frm = locked.status
        move = TRANSITIONS.get((frm, to))
        if move is None:
            raise TransitionError(f"当前状态“{S(frm).label}”不能变更为“{S(to).label}”")
        if actor.role not in move.roles:
            raise TransitionError(f"“{actor.get_role_display()}”不能办理“{move.label}”")
        if actor.role in ENTERPRISE and actor.organisation_id != locked.organisation_id:
            raise TransitionError("只能办理本单位的报告")
        if actor.role in REVIEWER and not is_labour_relations(actor):
            raise TransitionError("裁减人员报告由劳动关系科受理")
        if move.needs_comment and not comment.strip():
            raise TransitionError(f"“{move.label}”须填写理由")
        fields = change(locked) if change else {}
        updated = LayoffReport.objects.filter(pk=locked.pk, status=frm).update(
            status=to, updated_at=timezone.now(), **fields
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable
            raise TransitionError("该报告已被他人处理，请刷新后重试")
        record = LayoffStatusChange.objects.create(
            report=locked, actor=actor, from_status=frm, to_status=to, comment=comment.strip()
        )
    report.refresh_from_db()
    return record
