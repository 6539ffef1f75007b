"""Who hears of a deferral application's move (delivered by ``cases.outbox``): the industry
authorities on filing, the applicant unit's users on a decision."""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message
from wengang.clock import today
from wengang.policy import explain

from .models import DeferralApplication, IndustryAuthority, Status


def recipients(change: CaseEvent, app: DeferralApplication) -> list[User]:
    if change.to_status == Status.SUBMITTED:
        people = [
            a.user
            for a in IndustryAuthority.objects.select_related("user").filter(user__is_active=True)
            if a.covers(app.industry)
        ]
    else:
        people = list(User.objects.filter(organisation_id=app.organisation_id, is_active=True))
    return [p for p in people if p.pk != change.actor_id]


def _text(change: CaseEvent, app: DeferralApplication) -> tuple[str, str]:
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


def messages(event: CaseEvent, app: DeferralApplication) -> list[Message]:
    title, body = _text(event, app)
    return [Message(title, body, recipients(event, app))]
