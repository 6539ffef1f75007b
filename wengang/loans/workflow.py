"""The two N16 case types as data.

An extension request (created ``submitted`` by :func:`wengang.loans.services.extension_request`) is
confirmed or declined by the bank that granted the loan, or withdrawn by the borrower; confirming
re-checks the engine's N16 decision and adds the months to the loan in the same transaction, so the
schedule (``selectors.schedule``) is recomputed from the new term. A guarantee application is
approved or rejected by the district reviewers, green-channel cases first.
"""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import Effect, Guard, Move, TransitionError, Workflow, transition
from wengang.clock import today

from . import permissions
from .models import ExtensionRequest, ExtensionStatus, GuaranteeApplication, GuaranteeStatus, Loan
from .notifications import extension_messages, guarantee_messages
from .selectors import extension_decision

E, G = ExtensionStatus, GuaranteeStatus
BANK, BORROWER, REVIEWER = "bank", "borrower", "reviewer"
LoanError = TransitionError


def extension_parties(user: User, request: ExtensionRequest) -> set[str]:
    out = set()
    if permissions.can_request_extension(user, request.loan):
        out.add(BORROWER)
    if permissions.is_bank(user) and user.organisation_id == request.loan.bank_id:
        out.add(BANK)
    return out


def _engine_allows(request: ExtensionRequest, actor: Any) -> str | None:
    """N16 on the request's date: infected (the evidence), before maturity, within 12 months in all."""
    result = extension_decision(request.loan, months=request.months, on=request.requested_on)
    if result.status == "ineligible":
        return "；".join(c.text for c in result.conditions if c.status == "unmet") + "（N16）"
    return None


def _decided(case: Any, actor: Any, reason: str) -> Effect:
    return Effect(fields={"decided_by": actor, "decided_on": today(), "reason": reason})


def _extend(request: ExtensionRequest, actor: Any, reason: str) -> Effect:
    loan = Loan.objects.select_for_update().get(pk=request.loan_id)
    before = loan.end_on
    loan.extension_months += request.months
    loan.save(update_fields=["extension_months", "updated_at"])
    payload = {"extension_months": loan.extension_months, "end_on": {"from": before.isoformat(), "to": loan.end_on.isoformat()}}
    return Effect(fields=_decided(request, actor, reason).fields, payload=payload)


EXTENSIONS = Workflow(
    ExtensionRequest,
    parties=extension_parties,
    refused="您不能办理“{move}”",
    notify=extension_messages,
    noun="该展期申请",
    steps=[step("借款人申请", E.SUBMITTED, E.WITHDRAWN), step("银行确认", E.CONFIRMED, E.DECLINED)],
    moves=[
        Move(E.SUBMITTED, E.CONFIRMED, "确认展期", by=BANK, guards=(Guard("N16 展期条件", _engine_allows),), effect=_extend),
        Move(E.SUBMITTED, E.DECLINED, "不予展期", by=BANK, reason=True, effect=_decided),
        Move(E.SUBMITTED, E.WITHDRAWN, "撤回申请", by=BORROWER),
    ],
)


def guarantee_parties(user: User, application: GuaranteeApplication) -> set[str]:
    return {REVIEWER} if permissions.can_review_guarantees(user) else set()


GUARANTEES = Workflow(
    GuaranteeApplication,
    parties=guarantee_parties,
    refused="仅区审核人员可以办理“{move}”",
    notify=guarantee_messages,
    noun="该申请",
    steps=[step("提交", G.SUBMITTED), step("审核", G.APPROVED, G.REJECTED)],
    moves=[
        Move(G.SUBMITTED, G.APPROVED, "同意担保", by=REVIEWER, effect=_decided),
        Move(G.SUBMITTED, G.REJECTED, "不予担保", by=REVIEWER, reason=True, effect=_decided),
    ],
)


def extension_transition(*, request: ExtensionRequest, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(EXTENSIONS, request, to=to, actor=actor, reason=comment)


def guarantee_transition(*, application: GuaranteeApplication, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(GUARANTEES, application, to=to, actor=actor, reason=comment)
