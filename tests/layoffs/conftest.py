"""Personas: an enterprise, another enterprise, the 劳动关系科 reviewer, another department's reviewer;
the enterprise's submitted report."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import service_day_fixture, uscc
from tests.personas import user_fixture
from wengang.accounts.models import Role
from wengang.layoffs import services
from wengang.layoffs.models import LayoffReport
from wengang.registry.models import Organisation, Street

from .factories import complete_report

TODAY = dt.date(2020, 4, 15)


clock = service_day_fixture(TODAY.isoformat())


@pytest.fixture
def firm(db) -> Organisation:
    return Organisation.objects.create(
        uscc=uscc(41),
        name="北京甲乙制造有限公司",
        street=Street.objects.get(name="孙河"),
        industry_code="C34",
        facts={"employees": "1000"},
    )


@pytest.fixture
def rival_firm(db) -> Organisation:
    return Organisation.objects.create(uscc=uscc(42), name="北京丙丁贸易有限公司", industry_code="F52")


owner = user_fixture("firm", Role.ENTERPRISE, organisation="firm", first_name="王经理", email="firm@example.com")
outsider = user_fixture("rival", Role.ENTERPRISE, organisation="rival_firm", first_name="赵经理")
reviewer = user_fixture("laodong", Role.REVIEWER, department="labour-relations", first_name="刘科员")
other_reviewer = user_fixture("shenhe", Role.REVIEWER, department="labour-service", first_name="周涛")


@pytest.fixture
def submitted(owner) -> LayoffReport:
    """The owner's complete report, submitted to the 劳动关系科."""
    report = complete_report(owner, today=TODAY)
    services.report_submit(report=report, user=owner)
    return report
