"""Personas for the deferral tests: a normally paying firm, a firm in arrears, a rival firm, the
authority for catering and one for other industries. Inside the I3 window (2020-03-02) by default."""

from __future__ import annotations

import pytest

from tests.factories import make_user, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.deferral.models import IndustryAuthority

PAYING = {"arrears_before_2019_12": "false", "deferral_industry_confirmed": "false"}
IN_ARREARS = {"arrears_before_2019_12": "true", "deferral_industry_confirmed": "false"}


def make_authority(username: str, industries: str) -> User:
    user = make_user(username, Role.INDUSTRY, first_name="行业主管", email=f"{username}@example.cn")
    IndustryAuthority.objects.create(user=user, name=f"{username}主管部门", industries=industries)
    return user


in_window = service_day_fixture("2020-03-02", uploads=False)


acme = organisation_fixture(1, "北京甲乙餐饮有限公司", facts=PAYING)
debtor = organisation_fixture(2, "北京欠缴装饰有限公司", facts=IN_ARREARS)
rival = organisation_fixture(3, "北京丙丁旅游有限公司", facts=PAYING)

owner = user_fixture("acme", Role.ENTERPRISE, organisation="acme", email="acme@example.cn")
debtor_user = user_fixture("debtor", Role.ENTERPRISE, organisation="debtor")
outsider = user_fixture("rival", Role.ENTERPRISE, organisation="rival")


@pytest.fixture
def authority(db) -> User:
    return make_authority("canyin", "catering,accommodation")


@pytest.fixture
def other_authority(db) -> User:
    return make_authority("jiaotong", "transport")
