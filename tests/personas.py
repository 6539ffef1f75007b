"""Personas of the job market, shared by the job-market and the API tests (a pytest plugin, see
tests/conftest.py): a key enterprise in 孙河 and its owner, an ordinary enterprise and its owner,
an HR agency, 孙河's street staff and a district reviewer. An app's own conftest may define a
fixture of the same name; its own wins.

Every app's conftest declares its own personas with the two fixture makers here, one line each:
``owner = user_fixture("acme", Role.ENTERPRISE, organisation="acme", first_name="王经理")`` and
``acme = organisation_fixture(1, "北京甲乙科技有限公司")``."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.factories import make_organisation, make_user, street
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street


def organisation_fixture(seq: int, name: str, kind: str = "enterprise", *, street: str | None = None,
                         **extra: Any) -> Any:
    """A fixture for the organisation ``make_organisation(seq, name, kind, **extra)``, in the street of
    that name if one is given; each test gets its own copy of ``extra`` (``facts`` are changed in place)."""

    @pytest.fixture
    def organisation(db: Any) -> Organisation:
        where = {"street": Street.objects.get(name=street)} if street else {}
        return make_organisation(seq, name, kind, **where, **copy.deepcopy(extra))

    return organisation


def user_fixture(username: str, role: str, *, organisation: str | None = None, street: str | None = None,
                 department: str | None = None, **extra: Any) -> Any:
    """A fixture for the user ``make_user(username, role, **extra)`` of the organisation of the fixture
    named ``organisation``, of the street named ``street``, of the department coded ``department``."""

    @pytest.fixture
    def user(request: Any, db: Any) -> User:
        fields = dict(extra)
        if organisation:
            fields["organisation"] = request.getfixturevalue(organisation)
        if street:
            fields["street"] = Street.objects.get(name=street)
        if department:
            fields["department"] = Department.objects.get(code=department)
        return make_user(username, role, **fields)

    return user


@pytest.fixture
def sunhe(db) -> Street:
    return street("孙河")


key_firm = organisation_fixture(
    71, "北京物美商业集团孙河物流配送中心", street="孙河", industry_code="G59", key_category="necessities"
)
plain_firm = organisation_fixture(72, "北京丙丁贸易有限公司", industry_code="F52")
agency = organisation_fixture(73, "北京朝阳人力资源有限公司", Organisation.Kind.AGENCY)

key_owner = user_fixture("wumei", Role.ENTERPRISE, organisation="key_firm", first_name="王经理")
plain_owner = user_fixture("bingding", Role.ENTERPRISE, organisation="plain_firm", first_name="赵经理")
agency_user = user_fixture("jigou", Role.AGENCY, organisation="agency")
street_staff = user_fixture("jiexiang", Role.STREET, street="孙河", first_name="陈静")
reviewer = user_fixture("shenhe", Role.REVIEWER, department="labour-service", first_name="周涛")
