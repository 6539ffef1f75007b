"""The status of a need as data: who may move it from where to where, and the one service that does.

``filled`` follows from progress (``services.need_record_progress`` moves a need to 已招满 when no
position is open and back to 招聘中 when one is); 关闭 and 重新开放 are staff decisions.
"""

from __future__ import annotations

from django.db import transaction

from wengang.accounts.models import User

from .models import Need, NeedStatus, NeedStatusChange
from .permissions import can_manage_enterprise

#: (from, to) → what the move is called; every move is for the enterprise's staff (permissions)
TRANSITIONS: dict[tuple[str, str], str] = {
    (NeedStatus.OPEN, NeedStatus.FILLED): "招满",
    (NeedStatus.FILLED, NeedStatus.OPEN): "重新开放",
    (NeedStatus.OPEN, NeedStatus.CLOSED): "关闭",
    (NeedStatus.FILLED, NeedStatus.CLOSED): "关闭",
    (NeedStatus.CLOSED, NeedStatus.OPEN): "重新开放",
}

#: the moves staff make by hand (the others follow from progress)
MANUAL = {
    (NeedStatus.OPEN, NeedStatus.CLOSED),
    (NeedStatus.FILLED, NeedStatus.CLOSED),
    (NeedStatus.CLOSED, NeedStatus.OPEN),
}


class TransitionError(Exception):
    """A move the table does not allow, or the actor may not make; the message is for the user."""


def need_transition(*, need: Need, to: str, actor: User, comment: str = "") -> Need:
    """Lock → guard → change → append a status-change row. Returns the locked, changed need."""
    with transaction.atomic():
        locked = Need.objects.select_for_update().select_related("organisation").get(pk=need.pk)
        if not can_manage_enterprise(actor, locked.organisation):
            raise TransitionError("您无权办理该企业的用工需求")
        if (locked.status, to) not in TRANSITIONS:
            raise TransitionError(f"用工需求当前为“{locked.get_status_display()}”，不能改为“{NeedStatus(to).label}”")
        if to == NeedStatus.OPEN and locked.open_count == 0:
            raise TransitionError("该需求已全部到岗，如需重新开放，请先增加需求人数或更正到岗人数")
        NeedStatusChange.objects.create(
            need=locked, from_status=locked.status, to_status=to, actor=actor, comment=comment
        )
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
    return locked
