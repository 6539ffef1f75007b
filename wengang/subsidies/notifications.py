"""Notifications from the outbox: each ``StatusChange`` becomes in-app notices and e-mails."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User

from .models import Notification, Status, StatusChange

WHAT_NEXT = {
    Status.SUBMITTED: "申请已提交，等待受理。",
    Status.DEFICIENT: "申请已容缺受理，请在期限内补正所列材料，逾期未补正的申请将被关闭。",
    Status.DISTRICT_REVIEW: "申请已受理，进入区级审核。",
    Status.MUNICIPAL_REVIEW: "申请已报市审核小组联审。",
    Status.RETURNED: "申请被退回修改，请按意见修改后重新提交。",
    Status.APPROVED: "申请审核通过，可下载审核决定书。",
    Status.REJECTED: "申请未获通过，理由见审核决定书。",
    Status.PAID: "补贴已拨付。",
    Status.CLOSED: "申请因逾期未补正已关闭。",
    Status.WITHDRAWN: "申请已撤回。",
}


def recipients(change: StatusChange) -> list[User]:
    """The applicant organisation's users, and the reviewers of the department when it is their turn."""
    app = change.application
    people = list(User.objects.filter(organisation_id=app.organisation_id, is_active=True))
    if change.to_status in (Status.SUBMITTED, Status.DISTRICT_REVIEW) and change.actor_id and change.actor and change.actor.role != Role.REVIEWER:
        people += list(
            User.objects.filter(role=Role.REVIEWER, department_id=app.subsidy_type.department_id, is_active=True)
        )
    if change.to_status == Status.MUNICIPAL_REVIEW:
        people += list(User.objects.filter(role=Role.MUNICIPAL, is_active=True))
    return [p for p in people if p.pk != change.actor_id]


def deliver(change_id: int) -> int:
    """Create one notice per recipient and e-mail those with an address. Returns notices created."""
    with transaction.atomic():
        change = (
            StatusChange.objects.select_for_update(of=("self",))
            .select_related("application__subsidy_type", "application__organisation", "actor")
            .get(pk=change_id)
        )
        if change.notified_at is not None:
            return 0
        app = change.application
        title = f"{app.reference} {app.subsidy_type.get_policy_display()}：{Status(change.to_status).label}"
        body = WHAT_NEXT.get(Status(change.to_status), "")
        if change.comment:
            body += f"\n意见：{change.comment}"
        created = 0
        for person in recipients(change):
            notice, made = Notification.objects.get_or_create(
                user=person, change=change, defaults={"application": app, "title": title, "body": body}
            )
            if made:
                created += 1
            if person.email and notice.emailed_at is None:
                send_mail(title, body, None, [person.email])
                notice.emailed_at = timezone.now()
                notice.save(update_fields=["emailed_at"])
        change.notified_at = timezone.now()
        change.save(update_fields=["notified_at"])
    return created
