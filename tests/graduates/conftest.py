"""Personas for N9: an employer, a rival employer, a university and another, a graduate and another
individual. The service day is 2020-06-01 (inside the working N9 deadlines)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, make_organisation, make_user
from wengang.accounts.models import Role, User
from wengang.graduates.models import Agreement
from wengang.graduates.services import agreement_offer
from wengang.registry.models import Organisation

GRADUATE_ID = id_number(21, birth="19980301")


@pytest.fixture(autouse=True)
def service_day(settings):
    settings.WENGANG_TODAY = "2020-06-01"


@pytest.fixture
def firm(db) -> Organisation:
    return make_organisation(31, "北京智图科技有限公司")


@pytest.fixture
def employer(firm) -> User:
    return make_user("hr", Role.ENTERPRISE, organisation=firm, first_name="王经办")


@pytest.fixture
def rival(db) -> User:
    return make_user("rival", Role.ENTERPRISE, organisation=make_organisation(32, "北京别家有限公司"))


@pytest.fixture
def university(db) -> Organisation:
    return make_organisation(33, "北京京华大学", kind=Organisation.Kind.SCHOOL)


@pytest.fixture
def school(university) -> User:
    return make_user("school", Role.SCHOOL, organisation=university, first_name="唐老师")


@pytest.fixture
def other_school(db) -> User:
    other = make_organisation(34, "北京另一大学", kind=Organisation.Kind.SCHOOL)
    return make_user("school2", Role.SCHOOL, organisation=other)


@pytest.fixture
def graduate(db) -> User:
    return make_user("biye", Role.INDIVIDUAL, first_name="林晓", id_number=GRADUATE_ID)


@pytest.fixture
def stranger(db) -> User:
    return make_user("someone", Role.INDIVIDUAL, first_name="路人", id_number=id_number(22))


def offer(firm: Organisation, employer: User, university: Organisation, **changes) -> Agreement:
    data = {
        "graduate_name": "林晓",
        "id_number": GRADUATE_ID,
        "school": university,
        "major": "计算机科学与技术",
        "graduation_year": 2020,
        "position": "软件工程师",
        "workplace": "北京市朝阳区",
        "monthly_salary": Decimal("9500.00"),
        "report_on": dt.date(2020, 7, 15),
        **changes,
    }
    return agreement_offer(employer=firm, offered_by=employer, **data)


@pytest.fixture
def agreement(firm, employer, university, graduate) -> Agreement:
    return offer(firm, employer, university)
