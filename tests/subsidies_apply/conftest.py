"""Personas for the applicant side: two enterprises, an agency, and the roles that are refused."""

from __future__ import annotations

import pytest

from tests.factories import OP3_FACTS, make_organisation, make_reviewer, make_user, service_day
from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation
from wengang.subsidies.models import SubsidyType


@pytest.fixture(autouse=True)
def hall(settings, tmp_path):
    """Inside the OP3 window (2020-05-01 to 07-31), uploads kept out of the source tree."""
    service_day(settings, "2020-06-01", tmp_path)


@pytest.fixture
def acme(db) -> Organisation:
    return make_organisation(1, "北京甲乙科技有限公司", facts=dict(OP3_FACTS))


@pytest.fixture
def rival(db) -> Organisation:
    return make_organisation(2, "北京丙丁贸易有限公司", facts=dict(OP3_FACTS))


@pytest.fixture
def agency(db) -> Organisation:
    return make_organisation(3, "北京戊己人力资源有限公司", kind="agency")


@pytest.fixture
def owner(acme) -> User:
    return make_user("acme", Role.ENTERPRISE, first_name="王经理", organisation=acme)


@pytest.fixture
def outsider(rival) -> User:
    return make_user("rival", Role.ENTERPRISE, first_name="赵经理", organisation=rival)


@pytest.fixture
def agent(agency) -> User:
    return make_user("agent", Role.AGENCY, first_name="钱主管", organisation=agency)


@pytest.fixture
def reviewer(db) -> User:
    return make_reviewer()


@pytest.fixture
def individual(db) -> User:
    return make_user("person", Role.INDIVIDUAL, first_name="周个人")


@pytest.fixture
def op3(db) -> SubsidyType:
    return SubsidyType.objects.get(policy="OP3")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
