"""The application workflow as data: states, the transition table, and the one transition service.

Every change of an application's status goes through :func:`application_transition`:
lock the row → check the move is in the table and the actor may make it → change → append a
``StatusChange`` row (the audit trail and the notification outbox). The write is a conditional
``UPDATE … WHERE status = <from>``, so two reviewers deciding the same application at once
cannot both succeed, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User

from .models import Application, MunicipalReview, Status, StatusChange

S = Status
APPLICANT = frozenset({Role.ENTERPRISE, Role.AGENCY})
REVIEWER = frozenset({Role.REVIEWER})
MUNICIPAL = frozenset({Role.MUNICIPAL})
SYSTEM: frozenset[str] = frozenset()  # moves made by the service itself (actor None)


@dataclass(frozen=True)
class Move:
    """One allowed move: who may make it (roles; empty = the system), and its name in Chinese."""

    roles: frozenset[str]
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.SUBMITTED): Move(APPLICANT, "提交申请"),
    (S.DRAFT, S.WITHDRAWN): Move(APPLICANT, "撤回"),
    (S.SUBMITTED, S.WITHDRAWN): Move(APPLICANT, "撤回"),
    (S.SUBMITTED, S.DEFICIENT): Move(REVIEWER, "容缺受理", needs_comment=True),
    (S.SUBMITTED, S.DISTRICT_REVIEW): Move(REVIEWER, "受理"),
    (S.SUBMITTED, S.RETURNED): Move(REVIEWER, "退回修改", needs_comment=True),
    (S.DEFICIENT, S.DISTRICT_REVIEW): Move(APPLICANT | REVIEWER, "补正完毕"),
    (S.DEFICIENT, S.CLOSED): Move(SYSTEM | REVIEWER, "逾期未补正，关闭", needs_comment=True),
    (S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW): Move(REVIEWER, "报市审核小组联审"),
    (S.DISTRICT_REVIEW, S.APPROVED): Move(REVIEWER, "审核通过"),
    (S.DISTRICT_REVIEW, S.REJECTED): Move(REVIEWER, "不予通过", needs_comment=True),
    (S.DISTRICT_REVIEW, S.RETURNED): Move(REVIEWER, "退回修改", needs_comment=True),
    (S.MUNICIPAL_REVIEW, S.APPROVED): Move(MUNICIPAL, "联审通过"),
    (S.MUNICIPAL_REVIEW, S.REJECTED): Move(MUNICIPAL, "联审不予通过", needs_comment=True),
    (S.MUNICIPAL_REVIEW, S.RETURNED): Move(MUNICIPAL, "退回修改", needs_comment=True),
    (S.RETURNED, S.SUBMITTED): Move(APPLICANT, "修改后重新提交"),
    (S.RETURNED, S.WITHDRAWN): Move(APPLICANT, "撤回"),
    (S.APPROVED, S.PAID): Move(REVIEWER, "登记拨付"),
}

#: states in which the applicant may still edit the application
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
#: states in which a decision has been taken
FINAL = frozenset({S.APPROVED, S.REJECTED, S.PAID, S.CLOSED, S.WITHDRAWN})


#: what the others are told when several people decide one application at once
HANDLED_BY_OTHERS = "该申请已被他人处理，请刷新后重试"


class TransitionError(Exception):
    """The move is not allowed now (wrong state, wrong person, or a guard failed). Chinese message."""


def moves_from(status: str) -> list[tuple[str, Move]]:
    return [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == status]


def _guard(application: Application, to: str, actor: User | None) -> None:
    """Rules beyond the table: who reviews which application, and where it must go."""
    subsidy = application.subsidy_type
    if actor is not None and actor.role in APPLICANT and actor.organisation_id != application.organisation_id:
        raise TransitionError("只能办理本单位的申请")
    if actor is not None and actor.role in REVIEWER and actor.department_id != subsidy.department_id:
        raise TransitionError(f"本申请由{subsidy.department.name}审核")
    if application.status == S.DISTRICT_REVIEW and to == S.APPROVED:
        if subsidy.municipal_review == MunicipalReview.ALWAYS:
            raise TransitionError("本项补贴须报市审核小组联审通过")
        if application.doubt and subsidy.municipal_review == MunicipalReview.ON_DOUBT:
            raise TransitionError("已标记存疑的申请须报市审核小组联审")
    if to == S.MUNICIPAL_REVIEW and subsidy.municipal_review == MunicipalReview.NEVER:
        raise TransitionError("本项补贴不报市审核小组")
    if (
        to == S.DISTRICT_REVIEW
        and application.status == S.DEFICIENT
        and application.deficiencies.filter(resolved_at__isnull=True).exists()
    ):
        raise TransitionError("还有容缺事项未补正")


def application_transition(
    *,
    application: Application,
    to: str,
    actor: User | None,
    comment: str = "",
    change: Callable[[Application], dict[str, Any]] | None = None,
) -> StatusChange:
    """Move ``application`` to ``to``; the only way a status changes.

    ``change`` may set further fields on the locked row (e.g. the frozen decision); it returns
    the field values to save with the status. Raises :class:`TransitionError` and leaves
    nothing written when the move is not allowed.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("subsidy_type__department")
            .get(pk=application.pk)
        )
        frm = locked.status
        if frm != application.status:
            # another reviewer (or the applicant) moved it after this person's page was loaded
            raise TransitionError(HANDLED_BY_OTHERS)
        move = TRANSITIONS.get((frm, to))
        if move is None:
            raise TransitionError(
                f"当前状态“{S(frm).label}”不能变更为“{S(to).label}”"
            )
        if actor is None:
            if move.roles and not (move.roles & SYSTEM) and to != S.CLOSED:
                raise TransitionError("该操作须由工作人员或申请人办理")
        elif actor.role not in move.roles:
            raise TransitionError(f"“{actor.get_role_display()}”不能办理“{move.label}”")
        if move.needs_comment and not comment.strip():
            raise TransitionError(f"“{move.label}”须填写理由")
        _guard(locked, to, actor)
        fields = change(locked) if change else {}
        updated = Application.objects.filter(pk=locked.pk, status=frm).update(
            status=to, updated_at=timezone.now(), **fields
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
            raise TransitionError(HANDLED_BY_OTHERS)
        record = StatusChange.objects.create(
            application=locked, actor=actor, from_status=frm, to_status=to, comment=comment.strip()
        )
        transaction.on_commit(lambda: _dispatch(record.pk))
    application.refresh_from_db()
    return record


def _dispatch(change_id: int) -> None:
    from wengang.ops.outbox import enqueue

    from .tasks import deliver_notifications

    enqueue(deliver_notifications, change_id)
