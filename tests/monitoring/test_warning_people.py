"""The monitoring page's individuals' measures (issue 13, N8 records): new unemployment registrations
confirmed, 失业保险金 claims filed and granted, people paid the benefit — per month and street, the
district's total, a street office its street only; a month without records is 0, never 待定."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.individuals.models import (
    BenefitClaim,
    BenefitPayment,
    ClaimStatus,
    PaymentStatus,
    RegistrationStatus,
    UnemploymentRegistration,
)
from wengang.monitoring import unemployment
from wengang.registry.models import Street

from .conftest import person

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY, JUNE = (dt.date(2020, m, 1) for m in (3, 4, 5, 6))
_n = itertools.count(1)


def registration(street: str, *, filed: dt.date, status: str, confirmed: dt.date | None) -> UnemploymentRegistration:
    return UnemploymentRegistration.objects.create(
        person=make_user(f"geren_p{next(_n)}", Role.INDIVIDUAL),
        street=Street.objects.get(name=street),
        last_employer="北京某公司",
        separation_date=filed - dt.timedelta(days=10),
        separation_reason="contract_ended",
        job_wishes="仓储",
        status=status,
        filed_on=filed,
        registered_on=confirmed,
    )


def claim(
    reg: UnemploymentRegistration, *, filed: dt.date, status: str, decided: dt.date | None = None
) -> BenefitClaim:
    return BenefitClaim.objects.create(
        person=reg.person,
        registration=reg,
        claim_month=filed.replace(day=1),
        filed_on=filed,
        contribution_years=Decimal("5"),
        status=status,
        decided_on=decided,
    )


def paid(c: BenefitClaim, *months: dt.date, status: str = PaymentStatus.PAID) -> None:
    for m in months:
        BenefitPayment.objects.create(claim=c, month=m, amount=Decimal("1800.00"), status=status)


@pytest.fixture
def records() -> None:
    """孙河: two confirmed in March (one later 就业登记), one filed in May still waiting, one returned;
    a claim granted in March paid April and May, a claim granted then stopped in April (paid April),
    a claim filed in May waiting. 望京: one confirmed in April, its claim rejected in May."""
    a = registration(
        "孙河", filed=dt.date(2020, 3, 2), status=RegistrationStatus.REGISTERED, confirmed=dt.date(2020, 3, 4)
    )
    b = registration(
        "孙河", filed=dt.date(2020, 3, 20), status=RegistrationStatus.EMPLOYED, confirmed=dt.date(2020, 3, 31)
    )
    registration("孙河", filed=dt.date(2020, 5, 28), status=RegistrationStatus.SUBMITTED, confirmed=None)
    registration("孙河", filed=dt.date(2020, 4, 3), status=RegistrationStatus.RETURNED, confirmed=None)
    c = registration(
        "望京", filed=dt.date(2020, 3, 30), status=RegistrationStatus.REGISTERED, confirmed=dt.date(2020, 4, 1)
    )
    granted = claim(a, filed=dt.date(2020, 3, 10), status=ClaimStatus.APPROVED, decided=dt.date(2020, 3, 16))
    paid(granted, APRIL, MAY)
    paid(granted, JUNE, status=PaymentStatus.SCHEDULED)
    stopped = claim(b, filed=dt.date(2020, 4, 1), status=ClaimStatus.STOPPED, decided=dt.date(2020, 4, 8))
    paid(stopped, APRIL)
    paid(stopped, MAY, status=PaymentStatus.STOPPED)
    claim(c, filed=dt.date(2020, 4, 20), status=ClaimStatus.REJECTED, decided=dt.date(2020, 5, 6))
    d = registration(
        "孙河", filed=dt.date(2020, 5, 1), status=RegistrationStatus.REGISTERED, confirmed=dt.date(2020, 5, 31)
    )
    claim(d, filed=dt.date(2020, 5, 31), status=ClaimStatus.SUBMITTED)


def counts(rows: list[tuple[dt.date, unemployment.Counts]]) -> dict[str, tuple[int, int, int, int]]:
    return {f"{m:%Y-%m}": c.values() for m, c in rows}


def test_the_district_counts_confirmations_filings_grants_and_people_paid_by_month(records):
    rows = unemployment.by_month(since=dt.date(2020, 2, 1), until=JUNE)
    # (new registrations confirmed, claims filed, claims granted, people paid)
    assert counts(rows) == {
        "2020-02": (0, 0, 0, 0),
        "2020-03": (2, 1, 1, 0),
        "2020-04": (1, 2, 1, 2),
        "2020-05": (1, 1, 0, 1),
        "2020-06": (0, 0, 0, 0),
    }
    assert rows[0][1].label == "2020年2月"


def test_a_street_office_counts_its_street_only(records):
    wangjing = Street.objects.get(name="望京").pk
    assert counts(unemployment.by_month(since=MARCH, until=MAY, street_id=wangjing)) == {
        "2020-03": (0, 0, 0, 0),
        "2020-04": (1, 1, 0, 0),
        "2020-05": (0, 0, 0, 0),
    }


def test_each_street_of_a_month_and_the_district_total(records):
    rows, total = unemployment.by_street(month=APRIL)
    by_name = {r.label: r.values() for r in rows}
    assert len(rows) == 43
    assert (by_name["孙河地区"], by_name["望京街道"], by_name["三里屯街道"]) == (
        (0, 1, 1, 2),
        (1, 1, 0, 0),
        (0, 0, 0, 0),
    )
    assert (total.label, total.values()) == ("全区合计", (1, 2, 1, 2))


def test_a_person_paid_on_two_claims_in_one_month_is_one_recipient(records):
    first = BenefitClaim.objects.get(status=ClaimStatus.APPROVED)
    again = registration(
        "孙河", filed=dt.date(2020, 2, 1), status=RegistrationStatus.EMPLOYED, confirmed=dt.date(2020, 2, 3)
    )
    again.person = first.person
    again.save()
    paid(claim(again, filed=dt.date(2020, 2, 5), status=ClaimStatus.STOPPED, decided=dt.date(2020, 2, 7)), MAY)
    rows, total = unemployment.by_street(month=MAY)
    assert {r.label: r.recipients for r in rows}["孙河地区"] == 1
    assert total.recipients == 1


def test_the_page_shows_the_street_offices_own_counts_and_zero_months(client, records, settings):
    settings.WENGANG_TODAY = "2020-06-10"
    client.force_login(person(Role.STREET, street=Street.objects.get(name="望京")))
    page = client.get(reverse("monitoring:warning"), {"month": "2020-04"})
    assert [r.label for r in page.context["people_streets"]] == ["望京街道"]
    chart = page.context["charts"]["people"]
    assert chart["labels"][-3:] == ["2020-04", "2020-05", "2020-06"]
    assert [s["values"][-3:] for s in chart["series"]] == [[1, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]]
    text = page.content.decode()
    assert "失业登记与失业保险金" in text and "全区合计" not in text and "孙河地区" not in text


def test_the_district_page_has_the_total_row(client, records):
    client.force_login(person(Role.ADMIN))
    page = client.get(reverse("monitoring:warning"), {"month": "2020-03"})
    text = page.content.decode()
    assert page.context["people_total"].values() == (2, 1, 1, 0)
    assert "全区合计" in text and "2020年3月各街乡失业登记与失业保险金" in text
