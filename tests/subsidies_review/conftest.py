"""Personas and small factories for the review tests.

Departments and subsidy types are fetched or created here rather than relied on from the seed
migrations: a transactional test empties the tables.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from tests.facts import OP3_FLAT_FACTS
from wengang import clock
from wengang.accounts.models import Department, Role, User
from wengang.policy.fields import uscc_check_char
from wengang.registry.models import Organisation, Street
from wengang.subsidies.models import Application, MaterialRequirement, Status, SubsidyType
from wengang.subsidies.workflow import application_transition

TODAY = dt.date(2020, 6, 1)  # a Monday, inside the OP2 and OP3 windows

# OP3: 40 payers a month in 2019 and Jan–Apr 2020 → 30 % of 30,000.00 paid Feb–Apr = 9,000.00
OP3_FACTS = OP3_FLAT_FACTS
# OP3.1(1) unmet: fewer payers in 2020 than in 2019
OP3_SHRINKING = {**OP3_FACTS, "ui_payers_2020_04": "39"}
# OP2: 6 months × 1,600.00 (unconfirmed benefit standard) × 95 payers = 912,000.00
OP2_FACTS = {
    "insured_2018_12": "100",
    "insured_2019_12": "98",
    "attrition_2019": "0",
    "ui_paid_months": "24",
    "serious_dishonesty": "false",
    "profit_tax_2018": "1000000.00",
    "profit_tax_2019": "400000.00",
    "profit_2019q1": "50000.00",
    "profit_2019q2": "-20000.00",
    "profit_2019q3": "-30000.00",
    "profit_2019q4": "10000.00",
    "profit_2020q1": "-80000.00",
    "stabilisation_measures": "true",
    "ui_payers_2020_04": "95",
}

TYPES = {
    # policy: (department code, department name, municipal review, period)
    "OP2": ("labour-service", "劳动服务管理中心", "always", (dt.date(2020, 1, 1), dt.date(2020, 6, 30))),
    "OP3": ("labour-service", "劳动服务管理中心", "on_doubt", (dt.date(2020, 2, 1), dt.date(2020, 4, 30))),
    "OP6": ("vocational-skills", "职业能力建设科", "never", (dt.date(2020, 1, 1), dt.date(2020, 12, 31))),
}
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> dt.date:
    settings.WENGANG_TODAY = TODAY
    return TODAY


def department(code: str, name: str = "") -> Department:
    return Department.objects.get_or_create(code=code, defaults={"name": name or code})[0]


def subsidy(policy: str) -> SubsidyType:
    code, name, route, _ = TYPES[policy]
    subsidy_type, _ = SubsidyType.objects.get_or_create(
        policy=policy,
        defaults={"department": department(code, name), "municipal_review": route, "commitment": "本单位承诺……"},
    )
    # one essential item (never 容缺) and one that may be supplied later, seeded or not
    if not subsidy_type.requirements.filter(essential=True).exists():
        MaterialRequirement.objects.create(subsidy_type=subsidy_type, name="核心材料", essential=True, order=0)
    if not subsidy_type.requirements.filter(essential=False).exists():
        MaterialRequirement.objects.create(
            subsidy_type=subsidy_type, name="缴费凭证", description="2020年2–4月", order=9
        )
    return subsidy_type


def uscc(n: int) -> str:
    first = f"91110105{n:09d}"
    check = uscc_check_char(first)
    assert check is not None
    return first + check


def organisation(name: str = "", facts: dict[str, str] | None = None, street: str = "望京") -> Organisation:
    n = next(_serial)
    place = Street.objects.get_or_create(name=street, defaults={"kind": "street"})[0]
    return Organisation.objects.create(
        uscc=uscc(n),
        name=name or f"测试企业{n}有限公司",
        street=place,
        facts=dict(OP3_FACTS if facts is None else facts),
    )


def user(role: str, *, organisation: Organisation | None = None, department: Department | None = None) -> User:
    n = next(_serial)
    return User.objects.create_user(
        username=f"{role}{n}",
        password=None,  # unusable: no slow hashing; tests log in with force_login
        role=role,
        organisation=organisation,
        department=department,
        email=f"{role}{n}@example.org",
    )


def at_ten() -> dt.datetime:
    """10:00 on the service's today: submissions happen on the clock's date."""
    return timezone.make_aware(dt.datetime.combine(clock.today(), dt.time(10)))


def application(
    org: Organisation, policy: str = "OP3", *, status: str = Status.SUBMITTED, facts: dict[str, str] | None = None
) -> Application:
    """An application submitted by the organisation's user through the workflow (draft → submitted)."""
    subsidy_type = subsidy(policy)
    applicant = org.users.first() or user(Role.ENTERPRISE, organisation=org)
    start, end = TYPES[policy][3]
    app = Application.objects.create(
        reference=f"CY2020-{policy}-{next(_serial):05d}",
        organisation=org,
        subsidy_type=subsidy_type,
        period_start=start,
        period_end=end,
        applicant=applicant,
        facts=facts or {},
    )
    if status != Status.DRAFT:
        application_transition(
            application=app,
            to=Status.SUBMITTED,
            actor=applicant,
            change=lambda _a: {"submitted_at": at_ten(), "commitment_accepted_at": at_ten()},
        )
    if status == Status.DISTRICT_REVIEW:
        reviewer = user(Role.REVIEWER, department=subsidy_type.department)
        application_transition(application=app, to=Status.DISTRICT_REVIEW, actor=reviewer)
    return app


@pytest.fixture
def reviewer(db: Any) -> User:
    """A reviewer of 劳动服务管理中心, which handles OP2 and OP3."""
    return user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))


@pytest.fixture
def skills_reviewer(db: Any) -> User:
    """A reviewer of 职业能力建设科 (OP6), another department."""
    return user(Role.REVIEWER, department=department("vocational-skills", "职业能力建设科"))


@pytest.fixture
def municipal(db: Any) -> User:
    return user(Role.MUNICIPAL)


@pytest.fixture
def firm(db: Any) -> Organisation:
    return organisation("望京软件有限公司")


@pytest.fixture
def firm_user(firm: Organisation) -> User:
    return user(Role.ENTERPRISE, organisation=firm)


@pytest.fixture
def outsider(db: Any) -> User:
    """An enterprise user of another organisation."""
    return user(Role.ENTERPRISE, organisation=organisation("另一家企业有限公司"))
