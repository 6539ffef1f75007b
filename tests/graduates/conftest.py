"""Personas for N9: an employer, a rival employer, a university and another, a graduate and another
individual. The service day is 2020-06-01 (inside the working N9 deadlines)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.graduates.models import Agreement
from wengang.graduates.services import agreement_offer
from wengang.registry.models import Organisation

GRADUATE_ID = id_number(21, birth="19980301")


service_day = service_day_fixture("2020-06-01", uploads=False)


firm = organisation_fixture(31, "北京智图科技有限公司")
rival_firm = organisation_fixture(32, "北京别家有限公司")
university = organisation_fixture(33, "北京京华大学", Organisation.Kind.SCHOOL)
other_university = organisation_fixture(34, "北京另一大学", Organisation.Kind.SCHOOL)

employer = user_fixture("hr", Role.ENTERPRISE, organisation="firm", first_name="王经办")
rival = user_fixture("rival", Role.ENTERPRISE, organisation="rival_firm")
school = user_fixture("school", Role.SCHOOL, organisation="university", first_name="唐老师")
other_school = user_fixture("school2", Role.SCHOOL, organisation="other_university")
graduate = user_fixture("biye", Role.INDIVIDUAL, first_name="林晓", id_number=GRADUATE_ID)
stranger = user_fixture("someone", Role.INDIVIDUAL, first_name="路人", id_number=id_number(22))


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
