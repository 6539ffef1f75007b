"""Personas for the deferral tests: a normally paying firm, a firm in arrears, a rival firm, the
authority for catering and one for other industries. Inside the I3 window (2020-03-02) by default."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import make_user
from wengang.accounts.models import Role, User
from wengang.deferral.models import IndustryAuthority
from wengang.registry.models import Organisation

PAYING = {"arrears_before_2019_12": "false", "deferral_industry_confirmed": "false"}
IN_ARREARS = {"arrears_before_2019_12": "true", "deferral_industry_confirmed": "false"}


def make_organisation(seq: int, name: str, facts: dict[str, str]) -> Organisation:
    return factories.make_organisation(seq, name, facts=dict(facts))


def make_authority(username: str, industries: str) -> User:
    user = make_user(username, Role.INDUSTRY, first_name="行业主管", email=f"{username}@example.cn")
    IndustryAuthority.objects.create(user=user, name=f"{username}主管部门", industries=industries)
    return user


@pytest.fixture(autouse=True)
def in_window(settings):
    settings.WENGANG_TODAY = "2020-03-02"


@pytest.fixture
def acme(db) -> Organisation:
    return make_organisation(1, "北京甲乙餐饮有限公司", PAYING)


@pytest.fixture
def debtor(db) -> Organisation:
    return make_organisation(2, "北京欠缴装饰有限公司", IN_ARREARS)


@pytest.fixture
def rival(db) -> Organisation:
    return make_organisation(3, "北京丙丁旅游有限公司", PAYING)


@pytest.fixture
def owner(acme) -> User:
    return make_user("acme", Role.ENTERPRISE, organisation=acme, email="acme@example.cn")


@pytest.fixture
def debtor_user(debtor) -> User:
    return make_user("debtor", Role.ENTERPRISE, organisation=debtor)


@pytest.fixture
def outsider(rival) -> User:
    return make_user("rival", Role.ENTERPRISE, organisation=rival)


@pytest.fixture
def authority(db) -> User:
    return make_authority("canyin", "catering,accommodation")


@pytest.fixture
def other_authority(db) -> User:
    return make_authority("jiaotong", "transport")
