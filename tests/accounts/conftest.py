"""Personas for the account tests: one user per role, with the account tests' own password."""

from __future__ import annotations

import pytest

from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation

from .factories import PASSWORD, make_user

acme = organisation_fixture(1, "北京甲乙科技有限公司", street="望京", key_category="city")
other_org = organisation_fixture(2, "北京丙丁贸易有限公司")

enterprise_user = user_fixture("acme", Role.ENTERPRISE, organisation="acme", first_name="王经理", password=PASSWORD)
reviewer = user_fixture("reviewer", Role.REVIEWER, department="employment-fund", first_name="李审核", password=PASSWORD)
municipal = user_fixture("municipal", Role.MUNICIPAL, first_name="赵联审", password=PASSWORD)
street_staff = user_fixture("street", Role.STREET, street="望京", first_name="钱街乡", password=PASSWORD)
administrator = user_fixture(
    "boss", Role.ADMIN, first_name="孙管理", is_staff=True, is_superuser=True, password=PASSWORD
)
individual = user_fixture("person", Role.INDIVIDUAL, first_name="周个人", password=PASSWORD)


@pytest.fixture
def agency_user(other_org) -> User:
    other_org.kind = Organisation.Kind.AGENCY
    other_org.save()
    return make_user("agent", Role.AGENCY, first_name="吴机构", organisation=other_org)
