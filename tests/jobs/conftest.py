"""Personas: a key enterprise, an ordinary enterprise, street staff of 孙河, a reviewer, the public."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from wengang.accounts.models import Department, Role, User
from wengang.jobs.models import JobPost
from wengang.jobs.services import post_create
from wengang.registry.models import Organisation, Street

from ..subsidies_apply.factories import uscc

TODAY = dt.date(2020, 6, 1)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.WENGANG_TODAY = TODAY.isoformat()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # the API's rate-limit counters start at zero in every test


def _user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password="x-password-1", role=role, **extra)


@pytest.fixture
def sunhe(db) -> Street:
    return Street.objects.get(name="孙河")


@pytest.fixture
def key_firm(sunhe) -> Organisation:
    return Organisation.objects.create(
        uscc=uscc(71), name="北京物美商业集团孙河物流配送中心", street=sunhe, industry_code="G59",
        key_category=Organisation.KeyCategory.NECESSITIES,
    )


@pytest.fixture
def plain_firm(db) -> Organisation:
    return Organisation.objects.create(uscc=uscc(72), name="北京丙丁贸易有限公司", industry_code="F52")


@pytest.fixture
def key_owner(key_firm) -> User:
    return _user("wumei", Role.ENTERPRISE, first_name="王经理", organisation=key_firm)


@pytest.fixture
def plain_owner(plain_firm) -> User:
    return _user("bingding", Role.ENTERPRISE, first_name="赵经理", organisation=plain_firm)


@pytest.fixture
def street_staff(sunhe) -> User:
    return _user("jiexiang", Role.STREET, first_name="陈静", street=sunhe)


@pytest.fixture
def reviewer(db) -> User:
    return _user("shenhe", Role.REVIEWER, first_name="周涛", department=Department.objects.get(code="labour-service"))


@pytest.fixture
def agency_user(db) -> User:
    agency = Organisation.objects.create(uscc=uscc(73), name="北京朝阳人力资源有限公司", kind=Organisation.Kind.AGENCY)
    return _user("jigou", Role.AGENCY, organisation=agency)


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "仓储分拣员",
        "description": "负责超市配送中心商品分拣、装车，提供食宿。",
        "openings": 400,
        "pay_min": Decimal("5000.00"),
        "pay_max": Decimal("6500.00"),
        "workplace": "孙河乡物流园1号",
        "street": Street.objects.get(name="孙河"),
        "industry_code": "G59",
        "schedule": "两班倒",
        "contact_name": "王经理",
        "contact_phone": "010-84590000",
        "deadline": TODAY + dt.timedelta(days=30),
        "urgent": False,
        "internship": False,
    }
    base.update(overrides)
    return base


def form_data(**overrides: Any) -> dict[str, Any]:
    """The same post as submitted through the web form."""
    data = values(**overrides)
    data["street"] = data["street"].pk
    data["deadline"] = data["deadline"].isoformat()
    for flag in ("urgent", "internship"):
        if data[flag]:
            data[flag] = "on"
        else:
            del data[flag]
    return {k: str(v) for k, v in data.items()}


def make_post(owner: User, **overrides: Any) -> JobPost:
    assert owner.organisation is not None
    return post_create(actor=owner, organisation=owner.organisation, values=values(**overrides))
