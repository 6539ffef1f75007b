"""Personas for the key-enterprise service: the service centre, street staff of 孙河 and of 望京,
two key enterprises, two HR agencies, and roles with no part in the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_organisation, make_reviewer, make_user
from wengang.accounts.models import Role, User
from wengang.keyservice.models import Need
from wengang.keyservice.services import need_create
from wengang.registry.models import Organisation, Street


@pytest.fixture(autouse=True)
def keyservice_settings(settings):
    settings.WENGANG_TODAY = "2020-02-11"


def street(name: str) -> Street:
    return Street.objects.get(name=name)


@pytest.fixture
def centre(db) -> User:
    user = make_reviewer("gonggong", department="public-service")
    user.email = "gonggong@example.com"
    user.save()
    return user


@pytest.fixture
def sunhe_staff(db) -> User:
    return make_user("sunhe", Role.STREET, first_name="陈静", street=street("孙河"), email="sunhe@example.com")


@pytest.fixture
def wangjing_staff(db) -> User:
    return make_user("wangjing", Role.STREET, first_name="王街", street=street("望京"))


@pytest.fixture
def wumei(db) -> Organisation:
    return make_organisation(1, "物美孙河物流配送中心", street=street("孙河"), key_category="necessities")


@pytest.fixture
def bianlifeng(db) -> Organisation:
    return make_organisation(3, "便利蜂商贸有限公司", street=street("望京"), key_category="necessities")


@pytest.fixture
def wumei_user(wumei) -> User:
    return make_user("wumei", Role.ENTERPRISE, organisation=wumei)


@pytest.fixture
def bianlifeng_user(bianlifeng) -> User:
    return make_user("blf", Role.ENTERPRISE, organisation=bianlifeng)


@pytest.fixture
def agency(db) -> Organisation:
    return make_organisation(31, "北京朝阳人力资源服务有限公司", kind="agency")


@pytest.fixture
def other_agency(db) -> Organisation:
    return make_organisation(32, "北京英才汇人力资源顾问有限公司", kind="agency")


@pytest.fixture
def agency_user(agency) -> User:
    return make_user("jigou", Role.AGENCY, organisation=agency, email="jigou@example.com")


@pytest.fixture
def other_agency_user(other_agency) -> User:
    return make_user("jigou2", Role.AGENCY, organisation=other_agency)


@pytest.fixture
def wumei_need(wumei, centre) -> Need:
    return need_create(
        organisation=wumei,
        actor=centre,
        post="物流分拣员",
        count=450,
        deadline=dt.date(2020, 3, 15),
        street=street("孙河"),
        pay_min=Decimal("5000.00"),
        pay_max=Decimal("7000.00"),
        note="企业报 400–500 人，按 450 人登记",
    )
