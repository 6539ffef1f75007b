"""Personas of 就业援助: a hard-to-employ person of 孙河 and another person, 孙河's and 望京's street
offices, an enterprise user and an administrator; a certified person and a post."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, make_user, pdf_upload, service_day_fixture, street
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.assistance import services
from wengang.assistance.models import Certification, HardshipCategory, WelfarePost

TODAY = dt.date(2020, 6, 1)


clock = service_day_fixture(TODAY.isoformat())


@pytest.fixture
def person(db) -> User:
    # a man born 1970-03-15: 50 years 2 months old on the service day
    return make_user("kunnan", Role.INDIVIDUAL, first_name="张建国", id_number=id_number(11, "19700315"))


firm = organisation_fixture(61, "北京甲乙有限公司")

other_person = user_fixture("other", Role.INDIVIDUAL, first_name="李秀英", id_number=id_number(12, "19750101"))
sunhe_office = user_fixture("jiexiang", Role.STREET, street="孙河", first_name="孙河社保所")
wangjing_office = user_fixture("jiexiang_wj", Role.STREET, street="望京", first_name="望京社保所")
firm_user = user_fixture("qiye", Role.ENTERPRISE, organisation="firm")
admin_user = user_fixture("admin", Role.ADMIN)


@pytest.fixture
def older(db) -> HardshipCategory:
    return HardshipCategory.objects.get(name="大龄失业人员")


def certify(person: User, office: User, category: HardshipCategory, *, wishes: str = "保洁") -> Certification:
    cert = services.certification_create(
        person=person, street=street("孙河"), category=category, beijing_hukou=True, not_employed=True, wishes=wishes
    )
    services.evidence_attach(certification=cert, upload=pdf_upload("证明.pdf"), user=person)
    services.certification_submit(certification=cert, user=person)
    services.certification_decide(certification=cert, to="certified", user=office)
    cert.refresh_from_db()
    return cert


@pytest.fixture
def certified(person, sunhe_office, older) -> Certification:
    return certify(person, sunhe_office, older)


@pytest.fixture
def post(sunhe_office, older) -> WelfarePost:
    return services.post_create(
        user=sunhe_office,
        values={
            "title": "社区保洁员",
            "headcount": 2,
            "terms": "孙河地区社区公共区域保洁，每周五天",
            "monthly_pay": Decimal("2200.00"),
            "categories": [older],
        },
    )
