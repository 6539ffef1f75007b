"""Plain values and links by permission: exact figures for the display filters, and pages that
show a role only the links it can use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from wengang.accounts.models import Role, User
from wengang.calculator.templatetags.calculator_tags import fact_text, param_source
from wengang.policy.fields import FIELDS_BY_NAME
from wengang.registry.models import Organisation


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        ("true", "", "是"),
        ("false", "", "否"),
        (True, "", "是"),
        (False, "", "否"),
        ("8200000", "revenue_2019", "8,200,000"),
        ("8200000.50", "revenue_2019", "8,200,000.50"),
        (Decimal("451200.00"), "revenue_2019", "451,200.00"),
        ("1234", "employees", "1,234"),
        ("", "employees", ""),
        (None, "", ""),
        ("朝阳区", "", "朝阳区"),
    ],
)
def test_facts_read_as_plain_chinese(value: object, name: str, expected: str) -> None:
    assert fact_text(value, FIELDS_BY_NAME.get(name)) == expected


def test_an_unconfirmed_parameters_source_reads_awaiting_confirmation() -> None:
    assert param_source("未找到官方来源；工作值，须由管理员核实", "unconfirmed") == "待主管部门确认"
    assert param_source("京人社就发〔2020〕3号", "confirmed") == "京人社就发〔2020〕3号"


def _organisation(kind: str, uscc: str) -> Organisation:
    return Organisation.objects.create(name=f"测试单位{uscc[-4:]}", uscc=uscc, kind=kind)


@pytest.mark.django_db
def test_an_agency_portal_does_not_link_to_pages_it_cannot_use(client: Client) -> None:
    agency = _organisation(Organisation.Kind.AGENCY, "91110105MA01AAAA1X")
    client.force_login(User.objects.create_user("jigou-x", password="x", role=Role.AGENCY, organisation=agency))
    page = client.get("/accounts/").content.decode()
    assert 'href="/jobs/manage/"' not in page
    assert 'href="/placements/bases/"' not in page
    assert 'href="/layoffs/"' not in page
    assert client.get("/jobs/manage/").status_code == 403  # the pages it is no longer shown


@pytest.mark.django_db
def test_an_enterprise_portal_still_links_to_its_pages(client: Client) -> None:
    firm = _organisation(Organisation.Kind.ENTERPRISE, "91110105MA01BBBB2X")
    client.force_login(User.objects.create_user("qiye-x", password="x", role=Role.ENTERPRISE, organisation=firm))
    page = client.get("/accounts/").content.decode()
    assert 'href="/jobs/manage/"' in page and 'href="/placements/bases/"' in page and 'href="/layoffs/"' in page


@pytest.mark.django_db
def test_the_job_market_shows_an_individual_no_staff_links(client: Client) -> None:
    client.force_login(User.objects.create_user("geren-x", password="x", role=Role.INDIVIDUAL))
    page = client.get("/jobs/").content.decode()
    assert "我发布的岗位" not in page and "用语审核" not in page and "各街乡岗位统计" not in page
