"""Personas for N16: a bank and another, a borrower with a loan, another individual, a small firm's
user, a reviewer of 劳动服务管理中心. The service day is 2020-03-10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, make_organisation, make_reviewer, make_user
from wengang.accounts.models import Role, User
from wengang.loans.models import Loan
from wengang.registry.models import Organisation


@pytest.fixture(autouse=True)
def service_day(settings, tmp_path):
    settings.WENGANG_TODAY = "2020-03-10"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bank_org(db) -> Organisation:
    return make_organisation(41, "北京农商银行朝阳支行", kind=Organisation.Kind.BANK)


@pytest.fixture
def bank(bank_org) -> User:
    return make_user("yinhang", Role.BANK, organisation=bank_org, first_name="宋阳")


@pytest.fixture
def other_bank(db) -> User:
    return make_user("yinhang2", Role.BANK, organisation=make_organisation(42, "另一银行", kind=Organisation.Kind.BANK))


@pytest.fixture
def borrower(db) -> User:
    return make_user("daikuan", Role.INDIVIDUAL, first_name="赵创业", id_number=id_number(41))


@pytest.fixture
def stranger(db) -> User:
    return make_user("someone", Role.INDIVIDUAL, first_name="路人", id_number=id_number(42))


@pytest.fixture
def firm_user(db) -> User:
    return make_user("xiaowei", Role.ENTERPRISE, organisation=make_organisation(43, "北京小微餐饮有限公司"))


@pytest.fixture
def reviewer(db) -> User:
    return make_reviewer("shenhe", "labour-service")


@pytest.fixture
def loan(borrower, bank_org) -> Loan:
    return Loan.objects.create(
        borrower=borrower, bank=bank_org, contract_number="CY2019-0001", principal=Decimal("200000.00"),
        annual_rate=Decimal("0.04350"), subsidy_share=Decimal("1.000"), start_on=dt.date(2019, 7, 1), term_months=12,
    )
