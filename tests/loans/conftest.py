"""Personas for N16: a bank and another, a borrower with a loan, another individual, a small firm's
user, a reviewer of 劳动服务管理中心. The service day is 2020-03-10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, make_reviewer, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.loans.models import Loan
from wengang.registry.models import Organisation

clock = service_day_fixture("2020-03-10")


bank_org = organisation_fixture(41, "北京农商银行朝阳支行", Organisation.Kind.BANK)
other_bank_org = organisation_fixture(42, "另一银行", Organisation.Kind.BANK)
small_firm = organisation_fixture(43, "北京小微餐饮有限公司")

bank = user_fixture("yinhang", Role.BANK, organisation="bank_org", first_name="宋阳")
other_bank = user_fixture("yinhang2", Role.BANK, organisation="other_bank_org")
borrower = user_fixture("daikuan", Role.INDIVIDUAL, first_name="赵创业", id_number=id_number(41))
stranger = user_fixture("someone", Role.INDIVIDUAL, first_name="路人", id_number=id_number(42))
firm_user = user_fixture("xiaowei", Role.ENTERPRISE, organisation="small_firm")


@pytest.fixture
def reviewer(db) -> User:
    return make_reviewer("shenhe", "labour-service")


@pytest.fixture
def loan(borrower, bank_org) -> Loan:
    return Loan.objects.create(
        borrower=borrower, bank=bank_org, contract_number="CY2019-0001", principal=Decimal("200000.00"),
        annual_rate=Decimal("0.04350"), subsidy_share=Decimal("1.000"), start_on=dt.date(2019, 7, 1), term_months=12,
    )
