"""Who hears of a permit case's move, and what they read (delivered by ``cases.outbox``).

The organisation's users get an in-app notice and an e-mail when they have an address; a case
that came by e-mail is also answered at the address it came from, quoting the case and what
happens next.
"""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message

from .models import PermitCase, Status

WHAT_NEXT = {
    Status.SUBMITTED: "申请已收到，劳动关系科将审核电子材料；审核合格后会通知您报送纸质材料。",
    Status.E_APPROVED: (
        "电子材料审核合格。请报送纸质材料一套：每页加盖单位公章并加盖骑缝章，信封注明单位名称、"
        "申请事项、寄件人和北京地区联系电话。"
    ),
    Status.PAPER_RECEIVED: "纸质材料已收到并核对无误，劳动关系科将安排实地核查。",
    Status.ONSITE_SCHEDULED: "已安排实地核查，请按约定日期做好准备。",
    Status.ONSITE_DONE: "实地核查已完成，等待许可决定。",
    Status.APPROVED: "准予许可，许可结果将在双公示页面公示。",
    Status.REJECTED: "不予许可，理由见下。",
    Status.PUBLISHED: "许可结果已公示。请在平台预约领取时段，按时领取纸质许可结果。",
    Status.COLLECTED: "纸质许可结果已领取，本案办结。",
}

#: the states in which the permit exists (its number and validity belong in the message)
GRANTED = (Status.APPROVED, Status.PUBLISHED, Status.COLLECTED)


def case_summary(case: PermitCase, status: Status | None = None) -> str:
    """The case as the message states it. ``status`` is the state the message reports (the
    event's): a message delivered after later moves — the outbox sweep, a demo loaded at once —
    must not repeat the case's state at delivery time, and an old message keeps its own."""
    status = Status(case.status) if status is None else status
    lines = [
        f"案件编号：{case.reference}",
        f"申请单位：{case.organisation.name}",
        f"申请事项：{case.permit_type.name}",
        f"状态：{status.label}",
    ]
    if case.permit_number and status in GRANTED:
        lines.append(f"许可证编号：{case.permit_number}")
    if case.valid_from and case.valid_to and status in GRANTED:
        lines.append(f"有效期：{case.valid_from:%Y-%m-%d} 至 {case.valid_to:%Y-%m-%d}")
    if case.onsite_date and status == Status.ONSITE_SCHEDULED:
        lines.append(f"实地核查日期：{case.onsite_date:%Y-%m-%d}")
    return "\n".join(lines)


def messages(event: CaseEvent, case: PermitCase) -> list[Message]:
    """The organisation's users, and the address a case that came by e-mail came from."""
    status = Status(event.to_status)
    title = f"{case.reference} {case.permit_type.name}：{status.label}"
    body = WHAT_NEXT.get(status, "")
    if event.reason:
        body += f"\n意见：{event.reason}"
    people = User.objects.filter(organisation_id=case.organisation_id, is_active=True)
    return [Message(title, body + "\n\n" + case_summary(case, status), people, [case.contact_email] if case.contact_email else [])]
