"""Personas for the permits: an enterprise and its rival, 劳动关系科's reviewer, another department's."""

from __future__ import annotations

import pytest

from tests.factories import service_day_fixture
from tests.personas import organisation_fixture, user_fixture
from wengang.accounts.models import Role
from wengang.permits.models import PermitType

permits_settings = service_day_fixture("2020-03-02")


acme = organisation_fixture(11, "北京甲乙人力资源有限公司")
rival = organisation_fixture(12, "北京丙丁物流有限公司")

owner = user_fixture(
    "acme", Role.ENTERPRISE, organisation="acme", first_name="王经理", email="wang@acme.example", id_number=""
)
outsider = user_fixture("rival", Role.ENTERPRISE, organisation="rival", first_name="赵经理")


officer = user_fixture("guanxi", Role.REVIEWER, department="labour-relations", first_name="李审核")
other_reviewer = user_fixture("fuwu", Role.REVIEWER, department="labour-service", first_name="李审核")


@pytest.fixture
def dispatch_new(db) -> PermitType:
    return PermitType.objects.get(code="dispatch-new")


@pytest.fixture
def comprehensive(db) -> PermitType:
    return PermitType.objects.get(code="hours-comprehensive")
