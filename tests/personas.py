"""Personas of the job market, shared by the job-market and the API tests (a pytest plugin, see
tests/conftest.py): a key enterprise in 孙河 and its owner, an ordinary enterprise and its owner,
an HR agency, 孙河's street staff and a district reviewer. An app's own conftest may define a
fixture of the same name; its own wins."""

from __future__ import annotations

import pytest

from tests.factories import make_organisation, make_user, street
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street


@pytest.fixture
def sunhe(db) -> Street:
    return street("孙河")


@pytest.fixture
def key_firm(sunhe) -> Organisation:
    return make_organisation(
        71, "北京物美商业集团孙河物流配送中心", street=sunhe, industry_code="G59", key_category="necessities"
    )


@pytest.fixture
def plain_firm(db) -> Organisation:
    return make_organisation(72, "北京丙丁贸易有限公司", industry_code="F52")


@pytest.fixture
def agency(db) -> Organisation:
    return make_organisation(73, "北京朝阳人力资源有限公司", kind=Organisation.Kind.AGENCY)


@pytest.fixture
def key_owner(key_firm) -> User:
    return make_user("wumei", Role.ENTERPRISE, first_name="王经理", organisation=key_firm)


@pytest.fixture
def plain_owner(plain_firm) -> User:
    return make_user("bingding", Role.ENTERPRISE, first_name="赵经理", organisation=plain_firm)


@pytest.fixture
def agency_user(agency) -> User:
    return make_user("jigou", Role.AGENCY, organisation=agency)


@pytest.fixture
def street_staff(sunhe) -> User:
    return make_user("jiexiang", Role.STREET, first_name="陈静", street=sunhe)


@pytest.fixture
def reviewer(db) -> User:
    department = Department.objects.get(code="labour-service")
    return make_user("shenhe", Role.REVIEWER, first_name="周涛", department=department)
