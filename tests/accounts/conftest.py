"""Personas for the account tests: one user per role."""

from __future__ import annotations

import pytest

from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street

from .factories import make_organisation, make_user


@pytest.fixture
def acme(db) -> Organisation:
    return make_organisation(1, "北京甲乙科技有限公司", street=Street.objects.get(name="望京"), key_category="city")


@pytest.fixture
def other_org(db) -> Organisation:
    return make_organisation(2, "北京丙丁贸易有限公司")


@pytest.fixture
def enterprise_user(acme) -> User:
    return make_user("acme", Role.ENTERPRISE, first_name="王经理", organisation=acme)


@pytest.fixture
def reviewer(db) -> User:
    return make_user(
        "reviewer", Role.REVIEWER, first_name="李审核", department=Department.objects.get(code="employment-fund")
    )


@pytest.fixture
def municipal(db) -> User:
    return make_user("municipal", Role.MUNICIPAL, first_name="赵联审")


@pytest.fixture
def street_staff(db) -> User:
    return make_user("street", Role.STREET, first_name="钱街乡", street=Street.objects.get(name="望京"))


@pytest.fixture
def administrator(db) -> User:
    return make_user("boss", Role.ADMIN, first_name="孙管理", is_staff=True, is_superuser=True)


@pytest.fixture
def individual(db) -> User:
    return make_user("person", Role.INDIVIDUAL, first_name="周个人")


@pytest.fixture
def agency_user(other_org) -> User:
    other_org.kind = Organisation.Kind.AGENCY
    other_org.save()
    return make_user("agent", Role.AGENCY, first_name="吴机构", organisation=other_org)
