"""The unemployment registration and benefit-claim workflows as data.

Registration: the person files (``submitted``); the street office of the person's street confirms
(``registered``) or returns it; a firm's 就业登记 closes it (``employed``) and stops any benefit
being paid. Claim: the street office approves (the engine's decision, frozen, and the monthly
payment schedule) or rejects; 就业登记 stops it. Why the street office reviews claims: in Beijing
the 街道（乡镇）社会保障事务所 where the person registered unemployed accepts the claim and knows the
person (job-seeking, re-employment); one office for registration and benefit keeps the person's
case in one place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_applicant
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message
from wengang.cases.steps import step
from wengang.cases.workflow import SYSTEM, Effect, Move, TransitionError, Workflow, transition
from wengang.clock import today
from wengang.policy import explain

from .models import (
    BenefitClaim,
    BenefitPayment,
    ClaimStatus,
    PaymentStatus,
    RegistrationStatus,
    UnemploymentRegistration,
)

R, C = RegistrationStatus, ClaimStatus
PERSON, STREET, EMPLOYER = "person", "street", "employer"

#: a refused filing or move; the message is Chinese and says why
IndividualError = TransitionError


def _parties(user: User, case: Any) -> set[str]:
    registration = case if isinstance(case, UnemploymentRegistration) else case.registration
    out: set[str] = set()
    if user.role == Role.INDIVIDUAL and registration.person_id == user.pk:
        out.add(PERSON)
    if user.role == Role.STREET and user.street_id is not None and user.street_id == registration.street_id:
        out.add(STREET)
    if is_admin(user):
        out.add(STREET)
    if is_applicant(user) and user.role == Role.ENTERPRISE:
        out.add(EMPLOYER)
    return out


# ---- notifications -----------------------------------------------------------------------------


def _street_staff(street_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.STREET, street_id=street_id, is_active=True))


def _registration_messages(event: CaseEvent, reg: UnemploymentRegistration) -> list[Message]:
    title = f"{reg.reference} 失业登记：{R(event.to_status).label}"
    if event.to_status == R.SUBMITTED:
        body = f"{reg.person.display_name}在网上办理了失业登记，请在个人服务工作台确认。"
        return [Message(title, body, _street_staff(reg.street_id))]
    if event.to_status == R.REGISTERED:
        body = "街乡已确认您的失业登记。您可以查看推荐岗位，符合条件的可以申领失业保险金。"
    elif event.to_status == R.RETURNED:
        body = "街乡不予确认您的失业登记。"
    else:
        body = f"{reg.employer}已为您办理就业登记，失业登记随之结束。"
    if event.comment:
        body += f"\n意见：{event.comment}"
    return [Message(title, body, [reg.person])]


def _claim_messages(event: CaseEvent, claim: BenefitClaim) -> list[Message]:
    title = f"{claim.reference} 失业保险金申领：{C(event.to_status).label}"
    if event.to_status == C.SUBMITTED:
        body = f"{claim.person.display_name}申领失业保险金，请在个人服务工作台审核。"
        return [Message(title, body, _street_staff(claim.registration.street_id))]
    if event.to_status == C.APPROVED:
        body = f"您的失业保险金已核准：每月 {claim.monthly:,.2f} 元，共 {claim.months} 个月，发放计划见申领详情。"
    elif event.to_status == C.REJECTED:
        body = "您的失业保险金申领不予核准。"
    else:
        body = "您的失业保险金已停发（已办理就业登记）。"
    if event.comment:
        body += f"\n意见：{event.comment}"
    return [Message(title, body, [claim.person])]


# ---- registration ------------------------------------------------------------------------------


def _confirmed(reg: UnemploymentRegistration, actor: User | None, reason: str) -> Effect:
    return Effect(fields={"registered_on": today(), "confirmed_by": actor, "reason": reason})


def _returned(reg: UnemploymentRegistration, actor: User | None, reason: str) -> Effect:
    return Effect(fields={"confirmed_by": actor, "reason": reason})


def _employed(reg: UnemploymentRegistration, actor: User | None, reason: str) -> Effect:
    """就业登记 stops the benefit: the open claim is stopped and its months not yet paid with it."""
    claim = BenefitClaim.objects.filter(registration=reg, status=C.APPROVED).first()
    if claim is not None:
        transition(CLAIMS, claim, to=C.STOPPED, actor=None, reason="已办理就业登记")
    return Effect(payload={"employer": reg.employer, "employed_on": str(reg.employed_on)})


REGISTRATIONS = Workflow(
    UnemploymentRegistration,
    parties=_parties,
    refused="您不能办理“{move}”",
    notify=_registration_messages,
    noun="该失业登记",
    steps=[
        step("网上登记", R.SUBMITTED),
        step("街乡确认", R.REGISTERED, R.RETURNED),
        step("就业登记", R.EMPLOYED),
    ],
    moves=[
        Move(R.SUBMITTED, R.REGISTERED, "确认失业登记", by=STREET, effect=_confirmed),
        Move(R.SUBMITTED, R.RETURNED, "不予登记", by=STREET, reason=True, effect=_returned),
        Move(R.REGISTERED, R.EMPLOYED, "就业登记", by=f"{EMPLOYER} {STREET}", effect=_employed),
    ],
)


def registration_transition(
    *, registration: UnemploymentRegistration, to: str, actor: User, comment: str = ""
) -> CaseEvent:
    return transition(REGISTRATIONS, registration, to=to, actor=actor, reason=comment)


# ---- benefit claim -----------------------------------------------------------------------------


def claim_facts(claim: BenefitClaim) -> dict[str, Any]:
    """The engine's facts for a claim, from the claim and its registration as they stand."""
    from wengang.policy.rules.unemployment import involuntary

    reg = claim.registration
    return {
        "kind": "unemployment",
        "name": claim.person.display_name,
        "contribution_years": claim.contribution_years,
        "involuntary": involuntary(reg.separation_reason),
        "registered": reg.status == R.REGISTERED,
        "seeking_work": bool(reg.job_wishes.strip()),
    }


def add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _approve(claim: BenefitClaim, actor: User | None, reason: str) -> Effect:
    """The engine decides on the claim's facts today; an ineligible or undetermined claim cannot
    be approved. The months are paid from the month after filing."""
    from wengang.policy.rules.unemployment import terms

    on = today()
    exp = explain(claim_facts(claim), on)
    result = exp.result("UI")
    if result.status != "eligible":
        why = "；".join(c.text for c in result.conditions if c.status != "met")
        raise TransitionError(f"不能核准：{result.status_text}（{why}）")
    got = terms(exp.facts, on)
    if got.months is None or got.monthly is None or result.amount is None:
        raise TransitionError("不能核准：没有适用的失业保险金标准")
    first = add_months(claim.claim_month, 1)
    BenefitPayment.objects.bulk_create(
        BenefitPayment(claim=claim, month=add_months(first, i), amount=got.monthly) for i in range(got.months)
    )
    return Effect(
        fields={
            "months": got.months,
            "monthly": got.monthly,
            "total": result.amount,
            "provisional": result.provisional,
            "decision": result.to_dict(),
            "decided_by": actor,
            "decided_on": on,
            "reason": reason,
        },
        payload={"months": got.months, "monthly": str(got.monthly), "total": str(result.amount)},
    )


def _reject(claim: BenefitClaim, actor: User | None, reason: str) -> Effect:
    return Effect(fields={"decided_by": actor, "decided_on": today(), "reason": reason})


def _stop(claim: BenefitClaim, actor: User | None, reason: str) -> Effect:
    stopped = BenefitPayment.objects.filter(claim=claim, status=PaymentStatus.SCHEDULED).update(
        status=PaymentStatus.STOPPED
    )
    return Effect(payload={"stopped_months": stopped})


CLAIMS = Workflow(
    BenefitClaim,
    parties=_parties,
    refused="您不能办理“{move}”",
    notify=_claim_messages,
    noun="该申领",
    steps=[
        step("网上申领", C.SUBMITTED),
        step("街乡审核", C.APPROVED, C.REJECTED),
        step("停发", C.STOPPED),
    ],
    moves=[
        Move(C.SUBMITTED, C.APPROVED, "核准", by=STREET, effect=_approve),
        Move(C.SUBMITTED, C.REJECTED, "不予核准", by=STREET, reason=True, effect=_reject),
        Move(C.APPROVED, C.STOPPED, "停发", by=f"{STREET} {SYSTEM}", reason=True, effect=_stop),
    ],
)


def claim_transition(*, claim: BenefitClaim, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(CLAIMS, claim, to=to, actor=actor, reason=comment)


def total_paid(claim: BenefitClaim) -> Decimal:
    return sum((p.amount for p in claim.payments.all() if p.status == PaymentStatus.PAID), Decimal("0.00"))
