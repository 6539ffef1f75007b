"""Personas for the permits: an enterprise and its rival, 劳动关系科's reviewer, another department's."""

from __future__ import annotations

import pytest

from tests.factories import make_organisation, make_reviewer, make_user, service_day
from wengang.accounts.models import Role, User
from wengang.permits.models import PermitType
from wengang.registry.models import Organisation


@pytest.fixture(autouse=True)
def permits_settings(settings, tmp_path):
    service_day(settings, "2020-03-02", tmp_path)


@pytest.fixture
def acme(db) -> Organisation:
    return make_organisation(11, "北京甲乙人力资源有限公司")


@pytest.fixture
def rival(db) -> Organisation:
    return make_organisation(12, "北京丙丁物流有限公司")


@pytest.fixture
def owner(acme) -> User:
    return make_user(
        "acme", Role.ENTERPRISE, first_name="王经理", organisation=acme, email="wang@acme.example", id_number=""
    )


@pytest.fixture
def outsider(rival) -> User:
    return make_user("rival", Role.ENTERPRISE, first_name="赵经理", organisation=rival)


@pytest.fixture
def officer(db) -> User:
    return make_reviewer("guanxi", department="labour-relations")


@pytest.fixture
def other_reviewer(db) -> User:
    return make_reviewer("fuwu", department="labour-service")


@pytest.fixture
def dispatch_new(db) -> PermitType:
    return PermitType.objects.get(code="dispatch-new")


@pytest.fixture
def comprehensive(db) -> PermitType:
    return PermitType.objects.get(code="hours-comprehensive")
