"""The permit workflow as data: the moves of 劳动关系科 and what each needs.

Every move goes through ``wengang.cases.workflow.transition`` (see there); :func:`permit_transition`
is that call for permit cases, with the values a step records (``fields``) set before the guards
check them. Who hears of a move is in ``notifications.py``.
"""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import Guard, Move, TransitionError, Workflow, transition

from .models import Action, PermitCase, Status
from .notifications import messages
from .permissions import is_permit_staff

S = Status
STAFF = "staff"

__all__ = ["PERMITS", "TransitionError", "moves_from", "permit_transition"]


def _has_materials(case: PermitCase, actor: User | None) -> str | None:
    return None if case.materials.exists() else "尚未收到任何电子材料"


def _paper_complete(case: PermitCase, actor: User | None) -> str | None:
    missing = case.paper_missing()
    return "纸质材料核对未完成：" + "、".join(missing) if missing else None


def _onsite_scheduled(case: PermitCase, actor: User | None) -> str | None:
    if case.onsite_date is None or not case.onsite_inspectors.strip():
        return "请填写实地核查日期和核查人员"
    return None


def _onsite_recorded(case: PermitCase, actor: User | None) -> str | None:
    if case.onsite_passed is None or not case.onsite_result.strip():
        return "请填写实地核查结果并说明是否合格"
    return None


def _permit_issuable(case: PermitCase, actor: User | None) -> str | None:
    if case.onsite_passed is False:
        return "实地核查不合格，不能准予许可"
    if not case.permit_number.strip():
        return "请填写许可证编号"
    if case.permit_type.action != Action.CANCELLATION:
        if case.valid_from is None or case.valid_to is None:
            return "请填写许可有效期"
        if case.valid_to <= case.valid_from:
            return "有效期截止日须晚于起始日"
    if PermitCase.objects.filter(permit_number=case.permit_number.strip()).exclude(pk=case.pk).exists():
        return f"许可证编号“{case.permit_number}”已被使用"
    return None


def _pickup_booked(case: PermitCase, actor: User | None) -> str | None:
    return None if hasattr(case, "appointment") else "尚未预约领取时段"


HAS_MATERIALS = Guard("已收到电子材料", _has_materials)
PAPER_COMPLETE = Guard("纸质材料齐全", _paper_complete, on_input=True)
ONSITE_SCHEDULED = Guard("已定核查日期和人员", _onsite_scheduled, on_input=True)
ONSITE_RECORDED = Guard("已记录核查结果", _onsite_recorded, on_input=True)
PERMIT_ISSUABLE = Guard("许可证编号和有效期", _permit_issuable, on_input=True)
PICKUP_BOOKED = Guard("已预约领取", _pickup_booked)

PERMITS = Workflow(
    PermitCase,
    parties=lambda user, case: {STAFF} if is_permit_staff(user) else set(),
    refused="“{move}”由劳动关系科办理",
    notify=messages,
    steps=[
        step("提交", S.SUBMITTED),
        step("电子材料审核", S.E_APPROVED),
        step("纸质材料", S.PAPER_RECEIVED),
        step("实地核查", S.ONSITE_SCHEDULED, S.ONSITE_DONE),
        step("决定", S.APPROVED, S.REJECTED),
        step("双公示", S.PUBLISHED),
        step("领取", S.COLLECTED),
    ],
    moves=[
        Move(S.SUBMITTED, S.E_APPROVED, "电子材料审核合格", by=STAFF, guards=(HAS_MATERIALS,)),
        Move(S.SUBMITTED, S.REJECTED, "电子材料不符合要求，不予许可", by=STAFF, reason=True),
        Move(S.E_APPROVED, S.PAPER_RECEIVED, "纸质材料已收到", by=STAFF, guards=(PAPER_COMPLETE,)),
        Move(S.PAPER_RECEIVED, S.ONSITE_SCHEDULED, "安排实地核查", by=STAFF, guards=(ONSITE_SCHEDULED,)),
        Move(S.ONSITE_SCHEDULED, S.ONSITE_DONE, "记录实地核查结果", by=STAFF, guards=(ONSITE_RECORDED,)),
        Move(S.ONSITE_DONE, S.APPROVED, "准予许可", by=STAFF, guards=(PERMIT_ISSUABLE,)),
        Move(S.ONSITE_DONE, S.REJECTED, "不予许可", by=STAFF, reason=True),
        Move(S.APPROVED, S.PUBLISHED, "双公示并通知领取", by=STAFF),
        Move(S.PUBLISHED, S.COLLECTED, "纸质结果已领取", by=STAFF, guards=(PICKUP_BOOKED,)),
    ],
)


def moves_from(status: str) -> list[Move]:
    return PERMITS.moves_from(status)


def permit_transition(
    *, case: PermitCase, to: str, actor: User, comment: str = "", fields: dict[str, Any] | None = None
) -> CaseEvent:
    """Move ``case`` to ``to``, setting ``fields`` on it in the same write. Raises
    :class:`TransitionError` and leaves nothing written when the move is not allowed."""
    return transition(PERMITS, case, to=to, actor=actor, reason=comment, fields=fields)
