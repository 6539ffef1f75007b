"""Notices from the outbox: each ``DeferralChange`` becomes in-app notices and e-mails — to the
industry authorities on filing, to the applicant unit's users on a decision."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import User
from wengang.cases.models import Notification
from wengang.clock import today
from wengang.policy import explain

from .models import DeferralChange, IndustryAuthority, Status


def recipients(change: DeferralChange) -> list[User]:
    app = change.application
    if change.to_status == Status.SUBMITTED:
        people = [
            a.user
            for a in IndustryAuthority.objects.select_related("user").filter(user__is_active=True)
            if a.covers(app.industry)
        ]
    else:
        people = list(User.objects.filter(organisation_id=app.organisation_id, is_active=True))
    return [p for p in people if p.pk != change.actor_id]


def _text(change: DeferralChange) -> tuple[str, str]:
    app = change.application
    industry = app.get_industry_display()
    title = f"{app.reference} 延长缴费至7月底申请：{Status(change.to_status).label}"
    if change.to_status == Status.SUBMITTED:
        body = f"{app.organisation.name}申请确认属于“{industry}”行业，请在延长缴费确认工作台办理。"
    elif change.to_status == Status.CONFIRMED:
        i3 = explain(app.organisation.engine_facts(), today(), policies=["I3"]).result("I3")
        body = f"市级行业主管部门已确认贵单位属于“{industry}”行业。"
        body += f"{i3.outcome}。" if i3.outcome else f"I3 延长缴费：{i3.status_text}。"
    else:
        body = f"市级行业主管部门不予确认贵单位属于“{industry}”行业。"
    if change.comment:
        body += f"\n意见：{change.comment}"
    return title, body


def deliver(change_id: int) -> int:
    """Create one notice per recipient and e-mail those with an address (idempotent)."""
    with transaction.atomic():
        change = (
            DeferralChange.objects.select_for_update(of=("self",))
            .select_related("application__organisation__street")
            .get(pk=change_id)
        )
        if change.notified_at is not None:
            return 0
        title, body = _text(change)
        people = recipients(change)
        for person in people:
            notice = Notification.objects.create(user=person, title=title, body=body)
            if person.email:
                send_mail(title, body, None, [person.email])
                notice.emailed_at = timezone.now()
                notice.save(update_fields=["emailed_at"])
        change.notified_at = timezone.now()
        change.save(update_fields=["notified_at"])
    return len(people)
