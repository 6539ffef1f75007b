"""Notifications from the permit outbox: each status change becomes in-app notices and e-mails.

The organisation's users get a ``Notification`` (shared with the service hall's inbox) and an
e-mail when they have an address; a case that came by e-mail is also answered at the address it
came from, quoting the case and what happens next.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import User
from wengang.cases.models import Notification

from .models import PermitCase, PermitStatusChange, Status

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


def case_summary(case: PermitCase) -> str:
    lines = [
        f"案件编号：{case.reference}",
        f"申请单位：{case.organisation.name}",
        f"申请事项：{case.permit_type.name}",
        f"当前状态：{case.get_status_display()}",
    ]
    if case.permit_number:
        lines.append(f"许可证编号：{case.permit_number}")
    if case.valid_from and case.valid_to:
        lines.append(f"有效期：{case.valid_from:%Y-%m-%d} 至 {case.valid_to:%Y-%m-%d}")
    if case.onsite_date and case.status == Status.ONSITE_SCHEDULED:
        lines.append(f"实地核查日期：{case.onsite_date:%Y-%m-%d}")
    return "\n".join(lines)


def message_for(change: PermitStatusChange) -> tuple[str, str]:
    case = change.case
    status = Status(change.to_status)
    title = f"{case.reference} {case.permit_type.name}：{status.label}"
    body = WHAT_NEXT.get(status, "")
    if change.comment:
        body += f"\n意见：{change.comment}"
    return title, body + "\n\n" + case_summary(case)


def deliver(change_id: int) -> int:
    """Create one notice per user of the organisation, e-mail them, and answer the e-mail route."""
    with transaction.atomic():
        change = (
            PermitStatusChange.objects.select_for_update(of=("self",))
            .select_related("case__organisation", "case__permit_type")
            .get(pk=change_id)
        )
        if change.notified_at is not None:
            return 0
        title, body = message_for(change)
        created = 0
        addresses: set[str] = set()
        for person in User.objects.filter(organisation_id=change.case.organisation_id, is_active=True):
            Notification.objects.create(user=person, title=title, body=body)
            created += 1
            if person.email:
                addresses.add(person.email.lower())
        if change.case.contact_email:
            addresses.add(change.case.contact_email.lower())
        for address in sorted(addresses):
            send_mail(title, body, None, [address])
        change.notified_at = timezone.now()
        change.save(update_fields=["notified_at"])
    return created
