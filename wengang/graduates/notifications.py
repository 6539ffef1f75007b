"""Who hears of an agreement's move (delivered by ``cases.outbox``): the party that acts next, and
every party when it is signed or ends."""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message

from .models import Agreement, Status


def _employer(agreement: Agreement) -> list[User]:
    return list(User.objects.filter(organisation_id=agreement.employer_id, is_active=True))


def _school(agreement: Agreement) -> list[User]:
    return list(User.objects.filter(organisation_id=agreement.school_id, is_active=True))


def messages(event: CaseEvent, agreement: Agreement) -> list[Message]:
    status = Status(event.to_status)
    title = f"{agreement.reference} 就业协议：{status.label}"
    who = f"{agreement.employer.name}（{agreement.position}）"
    if status == Status.OFFERED:
        people, body = [agreement.graduate], f"{who}向您发出录用，请在网上确认或拒绝。"
    elif status == Status.ACCEPTED:
        people = _school(agreement) + _employer(agreement)
        body = f"毕业生{agreement.graduate_name}已接受{who}的录用，等待学校确认三方协议。"
    elif status == Status.SIGNED:
        people = [agreement.graduate, *_employer(agreement)]
        body = "学校已确认，三方协议已签订，可下载带核验码的协议书。"
    else:
        people = [agreement.graduate, *_employer(agreement), *(_school(agreement) if status != Status.DECLINED else [])]
        body = f"协议{status.label}。"
    if event.reason:
        body += f"\n意见：{event.reason}"
    return [Message(title, body, [p for p in people if p.pk != event.actor_id])]
