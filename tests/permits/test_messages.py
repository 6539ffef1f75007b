"""Each permit message states the status of its own move, even when delivered after later moves."""

from __future__ import annotations

import datetime as dt

from tests.subsidies_apply.factories import pdf_bytes
from wengang.cases.models import Notification
from wengang.cases.outbox import deliver
from wengang.permits.models import PermitCase
from wengang.permits.services import permit_act, permit_paper_check, permit_submit

ALL_TICKED = dict.fromkeys(PermitCase.PAPER_FIELDS, True)


def test_messages_delivered_late_keep_the_status_of_their_move(owner, officer, dispatch_new):
    # no on-commit delivery here: the events wait in the outbox until every move is made
    case = permit_submit(user=owner, permit_type=dispatch_new, data=pdf_bytes(2), original_name="scan.pdf")
    permit_act(case=case, action="e_approve", actor=officer)
    permit_paper_check(case=case, actor=officer, checks=ALL_TICKED)
    permit_act(
        case=case,
        action="schedule",
        actor=officer,
        data={"onsite_date": dt.date(2020, 3, 10), "onsite_inspectors": "李审核"},
    )
    permit_act(case=case, action="onsite", actor=officer, data={"onsite_result": "一致", "onsite_passed": True})
    permit_act(
        case=case,
        action="approve",
        actor=officer,
        data={
            "permit_number": "京朝人社派许字〔2020〕第012号",
            "valid_from": dt.date(2020, 3, 12),
            "valid_to": dt.date(2023, 3, 11),
        },
    )
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
