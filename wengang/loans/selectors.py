"""Reads of the loans app: the engine's N16 decisions and schedule for a loan, and the lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, QuerySet, Value, When

from wengang.accounts.models import User
from wengang.policy.explain import PolicyResult, explain
from wengang.policy.rules.loans import ScheduleRow, subsidy_schedule

from .models import ExtensionRequest, ExtensionStatus, GuaranteeApplication, GuaranteeStatus, Loan


def extension_decision(
    loan: Loan, *, months: int | None, on: dt.date, infected: bool | None = True
) -> PolicyResult:
    """N16 (the engine) for extending ``loan`` by ``months`` more, asked on ``on``: the whole
    extension (confirmed months and these) counts against the limit and is what the amount prices."""
    total = None if months is None else loan.extension_months + months
    facts = {
        "kind": "loan_extension",
        "infected": infected,
        "requested_on": on,
        "loan_end": loan.end_on,
        "extension_months": total,
        "principal": loan.principal,
        "annual_rate": loan.annual_rate,
        "subsidy_share": loan.subsidy_share,
    }
    return explain(facts, on).result("N16")


def green_channel_decision(
    *, small_firm: bool, lost_income: bool | None, amount: Decimal | None, term_months: int | None, on: dt.date
) -> PolicyResult:
    """N16 绿色通道 (the engine): lost income, and the borrower's limits of amount and term."""
    facts = {
        "kind": "loan_guarantee",
        "small_firm": small_firm,
        "lost_income": lost_income,
        "amount": amount,
        "term_months": term_months,
    }
    return explain(facts, on).result("N16.green")


def schedule(loan: Loan) -> list[ScheduleRow]:
    """The interest-subsidy schedule over the term and the confirmed extension (the engine's)."""
    return subsidy_schedule(
        principal=loan.principal,
        annual_rate=loan.annual_rate,
        subsidy_share=loan.subsidy_share,
        first_month=loan.start_on,
        term_months=loan.term_months,
        extension_months=loan.extension_months,
    )


def loans_of(user: User) -> QuerySet[Loan]:
    """A borrower's own loans (or their small firm's)."""
    from django.db.models import Q

    mine = Q(borrower=user)
    if user.organisation_id is not None:
        mine |= Q(organisation_id=user.organisation_id)
    return Loan.objects.filter(mine).select_related("bank", "organisation")


def bank_requests(user: User) -> QuerySet[ExtensionRequest]:
    """The bank's extension requests, those waiting for it first."""
    return (
        ExtensionRequest.objects.filter(loan__bank_id=user.organisation_id)
        .select_related("loan", "loan__borrower", "loan__bank")
        .annotate(waits=Case(When(status=ExtensionStatus.SUBMITTED, then=Value(0)), default=Value(1)))
        .order_by("waits", "requested_on", "pk")
    )


def guarantee_queue(status: str = GuaranteeStatus.SUBMITTED) -> QuerySet[GuaranteeApplication]:
    """The reviewers' queue: green-channel (priority) cases first, then by filing date."""
    rows = GuaranteeApplication.objects.select_related("applicant", "organisation", "bank")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-priority", "filed_on", "pk")


def pending_extension(loan: Loan) -> ExtensionRequest | None:
    return loan.extensions.filter(status=ExtensionStatus.SUBMITTED).first()
