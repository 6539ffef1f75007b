"""Who hears of a loan case's move (``cases.outbox``): the bank of a new extension request, the
borrower of the bank's answer; the applicant of a guarantee decision."""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message

from .models import ExtensionRequest, ExtensionStatus, GuaranteeApplication, GuaranteeStatus


def extension_messages(event: CaseEvent, request: ExtensionRequest) -> list[Message]:
    status = ExtensionStatus(event.to_status)
    title = f"{request.reference} 贷款展期申请：{status.label}"
    loan = request.loan
    if status == ExtensionStatus.SUBMITTED:
        people = list(User.objects.filter(organisation_id=loan.bank_id, role=Role.BANK, is_active=True))
        body = f"借款人申请将贷款（合同 {loan.contract_number}）展期 {request.months} 个月，请在展期确认页办理。"
    else:
        people = [loan.borrower]
        body = f"贷款（合同 {loan.contract_number}）的展期申请：{status.label}。"
        if status == ExtensionStatus.CONFIRMED:
            body += f"新的到期日 {loan.end_on.isoformat()}，展期期间财政继续贴息，贴息计划已更新。"
    if event.reason:
        body += f"\n意见：{event.reason}"
    return [Message(title, body, [p for p in people if p.pk != event.actor_id])]


def guarantee_messages(event: CaseEvent, application: GuaranteeApplication) -> list[Message]:
    status = GuaranteeStatus(event.to_status)
    if status == GuaranteeStatus.SUBMITTED:
        return []
    body = f"您的创业担保贷款申请（{application.amount} 元）：{status.label}。"
    if event.reason:
        body += f"\n意见：{event.reason}"
    people: list[Any] = [application.applicant]
    return [Message(f"{application.reference} 创业担保贷款申请：{status.label}", body, people)]
