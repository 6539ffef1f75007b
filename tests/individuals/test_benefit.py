"""失业保险金申领 (N8): filed on a confirmed registration, approved by the street office with the
engine's decision, paid month by month; one claim per person and month (database); 就业登记 stops
the months not yet paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from wengang.cases.workflow import TransitionError
from wengang.individuals import services
from wengang.individuals.models import BenefitClaim, ClaimStatus, RegistrationStatus
from wengang.individuals.workflow import claim_transition, registration_transition

from .conftest import PERSON_ID

pytestmark = pytest.mark.django_db


def registered(person, office, reason="contract_ended"):
    reg = services.registration_file(
        person=person,
        last_employer="北京旧单位有限公司",
        separation_date=dt.date(2020, 4, 30),
        separation_reason=reason,
        job_wishes="收银员",
    )
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    return reg


def test_a_claim_before_registration_is_refused(person):
    with pytest.raises(TransitionError, match="请先办理失业登记"):
        services.claim_file(person=person, contribution_years=Decimal("3"))
    assert not BenefitClaim.objects.exists()


def test_a_claim_before_the_street_confirms_is_refused(person):
    services.registration_file(
        person=person,
        last_employer="x",
        separation_date=dt.date(2020, 4, 30),
        separation_reason="dismissed",
        job_wishes="收银员",
    )
    with pytest.raises(TransitionError, match="尚待街乡确认"):
        services.claim_file(person=person, contribution_years=Decimal("3"))


def test_approval_schedules_twelve_months_at_the_first_tier(person, office):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    assert claim.claim_month == dt.date(2020, 6, 1)
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    assert (claim.status, claim.months, claim.monthly, claim.total) == (
        "approved",
        12,
        Decimal("1788.00"),
        Decimal("21456.00"),
    )
    assert claim.provisional  # the monthly standard is unconfirmed: 待核实
    months = list(claim.payments.values_list("month", "amount", "status"))
    assert months[0] == (dt.date(2020, 7, 1), Decimal("1788.00"), "scheduled")
    assert months[-1][0] == dt.date(2021, 6, 1)
    assert len(months) == 12
    assert claim.decision["policy"] == "UI"


def test_ten_years_of_contributions_give_twenty_four_months(person, office):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("10"))
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    assert (claim.months, claim.monthly, claim.total) == (24, Decimal("1842.00"), Decimal("44208.00"))


def test_a_resignation_cannot_be_approved_and_nothing_is_scheduled(person, office):
    registered(person, office, reason="resigned")
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    with pytest.raises(TransitionError, match="不能核准：不能领取"):
        claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    claim.refresh_from_db()
    assert (claim.status, claim.payments.count()) == ("submitted", 0)


def test_less_than_one_year_cannot_be_approved(person, office):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("0.5"))
    with pytest.raises(TransitionError, match="累计缴费 0.5 年，不满 1 年"):
        claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)


def test_a_second_claim_in_the_month_is_refused(person, office):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    claim_transition(claim=claim, to=ClaimStatus.REJECTED, actor=office, comment="缴费年限与社保记录不符")
    with pytest.raises(TransitionError, match="同一人同一月份只能申领一次"):
        services.claim_file(person=person, contribution_years=Decimal("3"))
    assert BenefitClaim.objects.count() == 1


def test_the_database_refuses_two_claims_of_one_person_in_one_month(person, office):
    reg = registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    claim_transition(claim=claim, to=ClaimStatus.REJECTED, actor=office, comment="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitClaim.objects.create(
            person=person,
            registration=reg,
            claim_month=dt.date(2020, 6, 1),
            filed_on=dt.date(2020, 6, 20),
            contribution_years=Decimal("3"),
        )


def test_the_office_pays_month_by_month_and_not_ahead(person, office, settings):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    with pytest.raises(TransitionError, match="下一个月份尚未到期"):
        services.payment_pay(claim=claim, actor=office)
    settings.WENGANG_TODAY = "2020-08-03"
    first = services.payment_pay(claim=claim, actor=office)
    second = services.payment_pay(claim=claim, actor=office)
    assert [(p.month, p.paid_on) for p in (first, second)] == [(dt.date(2020, 7, 1), dt.date(2020, 8, 3))] * 1 + [
        (dt.date(2020, 8, 1), dt.date(2020, 8, 3))
    ]
    with pytest.raises(TransitionError):
        services.payment_pay(claim=claim, actor=office)


def test_employment_registration_stops_the_months_not_paid(person, office, firm_user, settings):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    settings.WENGANG_TODAY = "2020-07-10"
    services.payment_pay(claim=claim, actor=office)
    services.employment_register(employer=firm_user, id_number=PERSON_ID, name="赵失业", start=dt.date(2020, 7, 6))
    claim.refresh_from_db()
    statuses = list(claim.payments.values_list("status", flat=True))
    assert claim.status == "stopped"
    assert statuses == ["paid"] + ["stopped"] * 11
