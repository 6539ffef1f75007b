"""Personas for the applicant side: two enterprises, an agency, and the roles that are refused."""

from __future__ import annotations

import pytest

from tests.factories import OP3_FACTS, make_reviewer, service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role, User
from wengang.subsidies.models import SubsidyType

#: inside the OP3 window (2020-05-01 to 07-31), uploads kept out of the source tree
hall = service_day_fixture("2020-06-01")


acme = organisation_fixture(1, "北京甲乙科技有限公司", facts=OP3_FACTS)
rival = organisation_fixture(2, "北京丙丁贸易有限公司", facts=OP3_FACTS)
agency = organisation_fixture(3, "北京戊己人力资源有限公司", "agency")

owner = user_fixture("acme", Role.ENTERPRISE, organisation="acme", first_name="王经理")
outsider = user_fixture("rival", Role.ENTERPRISE, organisation="rival", first_name="赵经理")
agent = user_fixture("agent", Role.AGENCY, organisation="agency", first_name="钱主管")
individual = user_fixture("person", Role.INDIVIDUAL, first_name="周个人")


@pytest.fixture
def reviewer(db) -> User:
    return make_reviewer()


@pytest.fixture
def op3(db) -> SubsidyType:
    return SubsidyType.objects.get(policy="OP3")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
