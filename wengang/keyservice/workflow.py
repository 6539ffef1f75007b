"""The status of a need as data: who may move it from where to where.

``filled`` follows from progress (``services.need_record_progress`` moves a need to 已招满 when no
position is open and back to 招聘中 when one is); 关闭 and 重新开放 are staff decisions
(``MANUAL``). Moves go through ``wengang.cases.workflow.transition``.
"""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.cases.steps import step
from wengang.cases.workflow import Guard, Move, TransitionError, Workflow, transition

from .models import Need, NeedStatus
from .permissions import can_manage_enterprise

N = NeedStatus
STAFF = "staff"

__all__ = ["MANUAL", "NEEDS", "TransitionError", "need_transition"]


def _positions_open(need: Need, actor: User | None) -> str | None:
    if need.open_count == 0:
        return "该需求已全部到岗，如需重新开放，请先增加需求人数或更正到岗人数"
    return None


POSITIONS_OPEN = Guard("尚有空缺", _positions_open)

NEEDS = Workflow(
    Need,
    parties=lambda user, need: {STAFF} if can_manage_enterprise(user, need.organisation) else set(),
    refused="您无权办理该企业的用工需求",
    unlisted="用工需求当前为“{frm}”，不能改为“{to}”",
    noun="该需求",
    steps=[step("登记需求", N.OPEN), step("招满", N.FILLED), step("关闭", N.CLOSED)],
    moves=[
        Move(N.OPEN, N.FILLED, "招满", by=STAFF),
        Move(N.FILLED, N.OPEN, "重新开放", by=STAFF, guards=(POSITIONS_OPEN,)),
        *Move.each((N.OPEN, N.FILLED), N.CLOSED, "关闭", by=STAFF),
        Move(N.CLOSED, N.OPEN, "重新开放", by=STAFF, guards=(POSITIONS_OPEN,)),
    ],
)

#: the moves staff make by hand (the others follow from progress)
MANUAL = frozenset({(N.OPEN, N.CLOSED), (N.FILLED, N.CLOSED), (N.CLOSED, N.OPEN)})


def need_transition(*, need: Need, to: str, actor: User, comment: str = "") -> Need:
    """Move ``need`` to ``to`` (see ``cases.workflow.transition``). Returns the changed need."""
    transition(NEEDS, need, to=to, actor=actor, reason=comment)
    return need
