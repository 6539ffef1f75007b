"""Who hears of an application's move, and what they read (delivered by ``cases.outbox``)."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message

from .models import Application, Status

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


def recipients(event: CaseEvent, app: Application) -> list[User]:
    """The applicant organisation's users, and the reviewers of the department when it is their turn."""
    people = list(User.objects.filter(organisation_id=app.organisation_id, is_active=True))
    actor = event.actor
    if event.to_status in (Status.SUBMITTED, Status.DISTRICT_REVIEW) and actor is not None and actor.role != Role.REVIEWER:
        people += list(
            User.objects.filter(role=Role.REVIEWER, department_id=app.subsidy_type.department_id, is_active=True)
        )
    if event.to_status == Status.MUNICIPAL_REVIEW:
        people += list(User.objects.filter(role=Role.MUNICIPAL, is_active=True))
    return [p for p in people if p.pk != event.actor_id]


def messages(event: CaseEvent, app: Application) -> list[Message]:
    title = f"{app.reference} {app.subsidy_type.get_policy_display()}：{Status(event.to_status).label}"
    body = WHAT_NEXT.get(Status(event.to_status), "")
    if event.reason:
        body += f"\n意见：{event.reason}"
    return [Message(title, body, recipients(event, app))]
