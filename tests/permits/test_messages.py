"""Each permit message states the status of its own move, even when delivered after later moves."""

from __future__ import annotations

from wengang.cases.models import Notification
from wengang.cases.outbox import deliver

from .helpers import granted


def test_messages_delivered_late_keep_the_status_of_their_move(owner, officer, dispatch_new):
    # no on-commit delivery here: the events wait in the outbox until every move is made
    case = granted(owner, officer, dispatch_new)
    for event in case.changes.order_by("at", "id"):
        deliver(event.pk)

    bodies = [n.body for n in Notification.objects.filter(user=owner).order_by("event__at", "event__id")]
    states = [next(line for line in b.splitlines() if line.startswith("状态：")) for b in bodies]
    assert states == [
        "状态：已提交",
        "状态：电子材料审核合格",
        "状态：纸质材料已收到",
        "状态：已安排实地核查",
        "状态：实地核查完成",
        "状态：准予许可",
    ]
    assert "实地核查日期：2020-03-10" in bodies[3]
    assert not any("许可证编号" in b for b in bodies[:5])
    assert "许可证编号：京朝人社派许字〔2020〕第012号" in bodies[5]
