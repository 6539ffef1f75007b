"""Personas (a district reviewer, an administrator, a street office of 望京, an enterprise) and a
small district: applications in two streets and two industries, decided, paid, late and 容缺."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import uscc
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street
from wengang.subsidies.models import Application, Deficiency, Payment, PaymentBatch, Status, SubsidyType
from wengang.subsidies.summary import summary_rebuild

TODAY = dt.date(2020, 6, 1)
_serial = itertools.count(100)


@pytest.fixture(autouse=True)
def clock(settings: Any) -> None:
    settings.WENGANG_TODAY = TODAY.isoformat()


def person(role: str, **extra: Any) -> User:
    n = next(_serial)
    return User.objects.create_user(username=f"{role}{n}", password=None, role=role, **extra)


def person_of(role: str, where: str) -> User:
    """A user of ``role`` bound to ``where``: "department" (劳动服务管理中心), a street by its name, or
    nothing ("")."""
    if where == "department":
        return person(role, department=Department.objects.get(code="labour-service"))
    return person(role, street=Street.objects.get(name=where)) if where else person(role)


def firm(street: str, industry: str) -> Organisation:
    n = next(_serial)
    return Organisation.objects.create(
        uscc=uscc(n), name=f"{street}测试{n}有限公司", street=Street.objects.get(name=street), industry_code=industry
    )


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def application(
    org: Organisation,
    policy: str,
    *,
    submitted: dt.date,
    status: str = Status.DISTRICT_REVIEW,
    amount: str | None = None,
    decided: dt.date | None = None,
    due: dt.date | None = None,
) -> Application:
    n = next(_serial)
    return Application.objects.create(
        reference=f"T-{policy}-{n}",
        organisation=org,
        subsidy_type=SubsidyType.objects.get(policy=policy),
        period_start=dt.date(2020, 2, 1),
        period_end=dt.date(2020, 4, 30),
        applicant=person(Role.ENTERPRISE, organisation=org),
        status=status,
        submitted_at=at(submitted),
        review_due=due or submitted + dt.timedelta(days=21),
        approved_amount=Decimal(amount) if amount else None,
        decided_at=at(decided) if decided else None,
    )


@pytest.fixture
def district(db: Any) -> dict[str, Any]:
    """望京: two OP3 (one paid 1,000.50, one approved 2,000.25 but decided late), one OP2 under review
    (overdue) with a 容缺 item; 孙河: one OP3 rejected. Industries: 望京 firm I65, 孙河 firm C34."""
    wangjing, sunhe = firm("望京", "I65"), firm("孙河", "C34")
    reviewer = person(Role.REVIEWER, department=Department.objects.get(code="labour-service"))
    other = firm("望京", "I64")
    # (firm, subsidy, submitted, status, approved amount, decided, review due)
    paid, _ = (
        application(org, policy, submitted=sub, status=status, amount=amount, decided=decided, due=due)
        for org, policy, sub, status, amount, decided, due in [
            (wangjing, "OP3", dt.date(2020, 4, 27), Status.PAID, "1000.50", dt.date(2020, 5, 6), dt.date(2020, 5, 18)),
            (
                other,
                "OP3",
                dt.date(2020, 4, 28),
                Status.APPROVED,
                "2000.25",
                dt.date(2020, 5, 29),
                dt.date(2020, 5, 19),
            ),
        ]
    )
    batch = PaymentBatch.objects.create(reference="B1", paid_on=dt.date(2020, 5, 20), created_by=reviewer)
    Payment.objects.create(application=paid, batch=batch, amount=Decimal("1000.50"), reference="P1")
    waiting = application(other, "OP2", submitted=dt.date(2020, 5, 6), due=dt.date(2020, 5, 27))
    Deficiency.objects.create(
        application=waiting, description="缴费凭证", due_date=dt.date(2020, 5, 20), created_by=reviewer
    )
    application(
        sunhe,
        "OP3",
        submitted=dt.date(2020, 5, 12),
        status=Status.REJECTED,
        decided=dt.date(2020, 5, 20),
        due=dt.date(2020, 6, 2),
    )
    summary_rebuild()  # written here directly, not moved by the services: counted from scratch
    return {"wangjing": wangjing, "sunhe": sunhe, "reviewer": reviewer}


@pytest.fixture
def reviewer(district: dict[str, Any]) -> User:
    return district["reviewer"]


@pytest.fixture
def street_office(db: Any) -> User:
    return person(Role.STREET, street=Street.objects.get(name="望京"))
