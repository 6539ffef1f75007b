"""Personas for the key-enterprise service: the service centre, street staff of 孙河 and of 望京,
two key enterprises, two HR agencies, and roles with no part in the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_reviewer, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.keyservice.models import Need
from wengang.keyservice.services import need_create
from wengang.registry.models import Street

keyservice_settings = service_day_fixture("2020-02-11", uploads=False)


def street(name: str) -> Street:
    return Street.objects.get(name=name)


@pytest.fixture
def centre(db) -> User:
    user = make_reviewer("gonggong", department="public-service")
    user.email = "gonggong@example.com"
    user.save()
    return user


sunhe_staff = user_fixture("sunhe", Role.STREET, street="孙河", first_name="陈静", email="sunhe@example.com")
wangjing_staff = user_fixture("wangjing", Role.STREET, street="望京", first_name="王街")

wumei = organisation_fixture(1, "物美孙河物流配送中心", street="孙河", key_category="necessities")
bianlifeng = organisation_fixture(3, "便利蜂商贸有限公司", street="望京", key_category="necessities")
agency = organisation_fixture(31, "北京朝阳人力资源服务有限公司", "agency")
other_agency = organisation_fixture(32, "北京英才汇人力资源顾问有限公司", "agency")

wumei_user = user_fixture("wumei", Role.ENTERPRISE, organisation="wumei")
bianlifeng_user = user_fixture("blf", Role.ENTERPRISE, organisation="bianlifeng")
agency_user = user_fixture("jigou", Role.AGENCY, organisation="agency", email="jigou@example.com")
other_agency_user = user_fixture("jigou2", Role.AGENCY, organisation="other_agency")


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
