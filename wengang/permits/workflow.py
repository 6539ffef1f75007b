"""The permit workflow as data: the transition table and the one transition service.

Every change of a case's status goes through :func:`permit_transition`: lock the row → check the
move is in the table and the actor may make it → apply the move's fields → guard → change →
append a ``PermitStatusChange`` row (audit trail and notification outbox). A refused move leaves
nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User

from .models import Action, PermitCase, PermitStatusChange, Status
from .permissions import is_permit_staff

S = Status
STAFF = frozenset({Role.REVIEWER})


@dataclass(frozen=True)
class Move:
    roles: frozenset[str]
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.SUBMITTED, S.E_APPROVED): Move(STAFF, "电子材料审核合格"),
    (S.SUBMITTED, S.REJECTED): Move(STAFF, "电子材料不符合要求，不予许可", needs_comment=True),
    (S.E_APPROVED, S.PAPER_RECEIVED): Move(STAFF, "纸质材料已收到"),
    (S.PAPER_RECEIVED, S.ONSITE_SCHEDULED): Move(STAFF, "安排实地核查"),
    (S.ONSITE_SCHEDULED, S.ONSITE_DONE): Move(STAFF, "记录实地核查结果"),
    (S.ONSITE_DONE, S.APPROVED): Move(STAFF, "准予许可"),
    (S.ONSITE_DONE, S.REJECTED): Move(STAFF, "不予许可", needs_comment=True),
    (S.APPROVED, S.PUBLISHED): Move(STAFF, "双公示并通知领取"),
    (S.PUBLISHED, S.COLLECTED): Move(STAFF, "纸质结果已领取"),
}


class TransitionError(Exception):
    """The move is not allowed now (wrong state, wrong person, or a guard failed). Chinese message."""


def moves_from(status: str) -> list[tuple[str, Move]]:
    return [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == status]


def _guard(case: PermitCase, to: str) -> None:
    if to == S.E_APPROVED and not case.materials.exists():
        raise TransitionError("尚未收到任何电子材料")
    if to == S.PAPER_RECEIVED:
        missing = case.paper_missing()
        if missing:
            raise TransitionError("纸质材料核对未完成：" + "、".join(missing))
    if to == S.ONSITE_SCHEDULED and (case.onsite_date is None or not case.onsite_inspectors.strip()):
        raise TransitionError("请填写实地核查日期和核查人员")
    if to == S.ONSITE_DONE and (case.onsite_passed is None or not case.onsite_result.strip()):
        raise TransitionError("请填写实地核查结果并说明是否合格")
    if to == S.APPROVED:
        if case.onsite_passed is False:
            raise TransitionError("实地核查不合格，不能准予许可")
        if not case.permit_number.strip():
            raise TransitionError("请填写许可证编号")
        if case.permit_type.action != Action.CANCELLATION:
            if case.valid_from is None or case.valid_to is None:
                raise TransitionError("请填写许可有效期")
            if case.valid_to <= case.valid_from:
                raise TransitionError("有效期截止日须晚于起始日")
        if PermitCase.objects.filter(permit_number=case.permit_number.strip()).exclude(pk=case.pk).exists():
            raise TransitionError(f"许可证编号“{case.permit_number}”已被使用")
    if to == S.COLLECTED and not hasattr(case, "appointment"):
        raise TransitionError("尚未预约领取时段")


def permit_transition(
    *, case: PermitCase, to: str, actor: User, comment: str = "", fields: dict[str, Any] | None = None
) -> PermitStatusChange:
    """Move ``case`` to ``to``, setting ``fields`` on it in the same write; the only way a status changes.

    Raises :class:`TransitionError` and leaves nothing written when the move is not allowed.
    """
    with transaction.atomic():
        locked = PermitCase.objects.select_for_update().get(pk=case.pk)
        frm = locked.status
        move = TRANSITIONS.get((frm, to))
        if move is None:
            raise TransitionError(f"当前状态“{S(frm).label}”不能变更为“{S(to).label}”")
        if actor.role not in move.roles or not is_permit_staff(actor):
            raise TransitionError(f"“{move.label}”由劳动关系科办理")
        if move.needs_comment and not comment.strip():
            raise TransitionError(f"“{move.label}”须填写理由")
        values = dict(fields or {})
        for name, value in values.items():
            setattr(locked, name, value)
        _guard(locked, to)
        updated = PermitCase.objects.filter(pk=locked.pk, status=frm).update(
            status=to, updated_at=timezone.now(), **values
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
            raise TransitionError("该案件已被他人处理，请刷新后重试")
        record = PermitStatusChange.objects.create(
            case=locked, actor=actor, from_status=frm, to_status=to, comment=comment.strip()
        )
        transaction.on_commit(lambda: _dispatch(record.pk))
    case.refresh_from_db()
    return record


def _dispatch(change_id: int) -> None:
    from wengang.ops.outbox import enqueue

    from .tasks import deliver_permit_notifications

    enqueue(deliver_permit_notifications, change_id)
