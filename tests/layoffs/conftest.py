"""Personas: an enterprise, another enterprise, the 劳动关系科 reviewer, another department's reviewer."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import service_day, uscc
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street

TODAY = dt.date(2020, 4, 15)


@pytest.fixture(autouse=True)
def clock(settings, tmp_path):
    service_day(settings, TODAY.isoformat(), tmp_path)


def _user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(username=username, password="x-password-1", role=role, **extra)


@pytest.fixture
def firm(db) -> Organisation:
    return Organisation.objects.create(
        uscc=uscc(41),
        name="北京甲乙制造有限公司",
        street=Street.objects.get(name="孙河"),
        industry_code="C34",
        facts={"employees": "1000"},
    )


@pytest.fixture
def rival_firm(db) -> Organisation:
    return Organisation.objects.create(uscc=uscc(42), name="北京丙丁贸易有限公司", industry_code="F52")


@pytest.fixture
def owner(firm) -> User:
    return _user("firm", Role.ENTERPRISE, first_name="王经理", organisation=firm, email="firm@example.com")


@pytest.fixture
def outsider(rival_firm) -> User:
    return _user("rival", Role.ENTERPRISE, first_name="赵经理", organisation=rival_firm)


@pytest.fixture
def reviewer(db) -> User:
    return _user(
        "laodong", Role.REVIEWER, first_name="刘科员", department=Department.objects.get(code="labour-relations")
    )


@pytest.fixture
def other_reviewer(db) -> User:
    return _user("shenhe", Role.REVIEWER, first_name="周涛", department=Department.objects.get(code="labour-service"))
