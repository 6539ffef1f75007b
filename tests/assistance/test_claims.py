"""灵活就业社会保险补贴 (N13): monthly claims priced by the engine from the contributions paid, the
subsidy term counted over the months already subsidised, one claim per person and month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.assistance import services
from wengang.assistance.models import FlexibleClaim
from wengang.cases.workflow import TransitionError

from .conftest import certify

pytestmark = pytest.mark.django_db


def _claim(person, month: str, paid: str = "1200.00", flexible: bool = True) -> FlexibleClaim:
    return services.claim_create(
        person=person, month=dt.date.fromisoformat(month), paid=Decimal(paid), flexible_employed=flexible
    )


def test_the_subsidy_is_two_thirds_of_the_contributions_paid(person, certified):
    claim = _claim(person, "2020-06-01", "1000.00")
    assert claim.amount == Decimal("666.67")
    assert claim.provisional is True  # the share is 待核实 until confirmed
    assert claim.status == "submitted"
    assert claim.explanation["steps"][0] == "当月实际缴纳社会保险费 1,000.00 元 × 2/3 = 666.67 元"


def test_a_month_without_contributions_is_refused_and_nothing_is_saved(person, certified):
    with pytest.raises(services.AssistanceError, match="未缴费的月份不予补贴"):
        _claim(person, "2020-06-01", "0")
    assert not FlexibleClaim.objects.exists()


def test_a_person_not_certified_cannot_claim(other_person):
    with pytest.raises(services.AssistanceError, match="尚未认定为就业困难人员"):
        _claim(other_person, "2020-06-01")


def test_a_month_before_the_certification_is_refused(person, certified):
    with pytest.raises(services.AssistanceError, match="早于认定月份"):
        _claim(person, "2020-05-01")


def test_a_future_month_is_refused(person, certified):
    with pytest.raises(services.AssistanceError, match="尚未到来"):
        _claim(person, "2020-07-01")


def test_the_same_month_twice_is_refused_by_the_database(person, certified):
    _claim(person, "2020-06-01")
    with pytest.raises(services.AssistanceError, match="同一月份不能重复申领"):
        _claim(person, "2020-06-01", "900.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexibleClaim.objects.create(
            person=person,
            certification=certified,
            street=certified.street,
            month=dt.date(2020, 6, 1),
            contributions_paid=Decimal("1"),
            amount=Decimal("1"),
        )
    assert FlexibleClaim.objects.count() == 1


def test_the_term_ends_after_36_months_subsidised(person, certified, settings):
    # 35 months already counted (filed before; the service day moves on to mid-2023)
    settings.WENGANG_TODAY = "2023-06-01"
    for i in range(35):
        FlexibleClaim.objects.create(
            person=person,
            certification=certified,
            street=certified.street,
            month=dt.date(2020 + (5 + i) // 12, (5 + i) % 12 + 1, 1),
            contributions_paid=Decimal("1200.00"),
            amount=Decimal("800.00"),
            status="approved",
        )
    assert _claim(person, "2023-05-01").amount == Decimal("800.00")  # the 36th month
    with pytest.raises(services.AssistanceError, match="已享受 36 个月，补贴期限已满"):
        _claim(person, "2023-06-01")


def test_refused_months_do_not_count_towards_the_term(person, certified, sunhe_office):
    june = _claim(person, "2020-06-01")
    services.claim_decide(claim=june, to="refused", user=sunhe_office, reason="缴费记录不符")
    facts = services.claim_facts(
        certification=certified, month=dt.date(2020, 6, 1), paid=Decimal("1"), flexible_employed=True
    )
    assert facts["months_subsidised_before"] == 0


def test_a_person_near_retirement_when_first_subsidised_is_paid_to_retirement(sunhe_office, older, settings):
    # a man born 1962-07-10: 57 years 11 months at his first subsidised month (2020-06), within 5 years
    near = make_user("near", Role.INDIVIDUAL, id_number="110105196207100018")
    cert = certify(near, sunhe_office, older)
    facts = services.claim_facts(
        certification=cert, month=dt.date(2020, 6, 1), paid=Decimal("1200.00"), flexible_employed=True
    )
    assert (facts["age_months_first"], facts["sex"]) == (695, "male")
    result = services.judge_claim({**facts, "months_subsidised_before": 40, "age_months": 719}, dt.date(2020, 6, 1))
    assert (result.status, result.amount) == ("eligible", Decimal("800.00"))
    result = services.judge_claim({**facts, "months_subsidised_before": 40, "age_months": 720}, dt.date(2020, 6, 1))
    assert result.status == "ineligible"


def test_the_street_office_approves_and_the_schedule_shows_it(client, person, certified, sunhe_office):
    claim = _claim(person, "2020-06-01")
    services.claim_decide(claim=claim, to="approved", user=sunhe_office)
    with pytest.raises(TransitionError):
        services.claim_decide(claim=claim, to="refused", user=sunhe_office, reason="晚了")
    client.force_login(person)
    page = client.get("/assistance/").content.decode()
    assert "已核准 1 个月，合计 ¥800.00" in page
    assert "2020年6月" in page
