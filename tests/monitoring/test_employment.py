"""The job market, layoff and deferral dashboards: exact figures per street and industry, their
drill-down lists, and a street office confined to its street."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from wengang.accounts.models import Role
from wengang.deferral.models import DeferralApplication
from wengang.jobs.models import JobPost
from wengang.keyservice.models import Need
from wengang.layoffs.models import LayoffReport
from wengang.monitoring import employment
from wengang.monitoring.dashboard import Scope
from wengang.registry.models import Street

from .conftest import at, firm, person

pytestmark = pytest.mark.django_db


def post(org, street: str, openings: int, *, urgent: bool = False, status: str = "published") -> JobPost:
    return JobPost.objects.create(
        organisation=org, posted_by=person(Role.ENTERPRISE, organisation=org), title="操作工", description="岗位",
        openings=openings, pay_min=Decimal("5000"), pay_max=Decimal("6000"), workplace="某路1号",
        street=Street.objects.get(name=street), industry_code=org.industry_code, schedule="白班",
        contact_name="王", contact_phone="010-12345678", deadline=dt.date(2020, 7, 1), urgent=urgent,
        status=status, published_at=at(dt.date(2020, 5, 10)) if status == "published" else None,
    )  # fmt: skip


@pytest.fixture
def market(db: Any) -> dict[str, Any]:
    """望京: 2 posts (5 and 3 急聘 openings), a draft not counted, a need of 10 with 4 hired;
    孙河: 1 post of 2. Layoffs: 望京 two accepted reports (12 and 8 people), one submitted (not
    counted); 孙河 one of 5. Deferral: catering 2 (1 confirmed), tourism 1 declined."""
    wangjing, sunhe = firm("望京", "H61"), firm("孙河", "C34")
    post(wangjing, "望京", 5)
    post(wangjing, "望京", 3, urgent=True)
    post(wangjing, "望京", 50, status="draft")
    post(sunhe, "孙河", 2)
    Need.objects.create(
        organisation=wangjing, post="配送员", count=10, filled=4, deadline=dt.date(2020, 7, 1),
        street=Street.objects.get(name="望京"), pay_min=Decimal("5000"), pay_max=Decimal("7000"),
        created_by=person(Role.STREET),
    )  # fmt: skip
    for org, people, status, day in [
        (wangjing, 12, "accepted", dt.date(2020, 5, 8)),
        (wangjing, 8, "accepted", dt.date(2020, 5, 20)),
        (wangjing, 30, "submitted", None),
        (sunhe, 5, "accepted", dt.date(2020, 5, 9)),
    ]:
        LayoffReport.objects.create(
            organisation=org, applicant=person(Role.ENTERPRISE, organisation=org), status=status, layoffs=people,
            employees=100, accepted_on=day,
        )  # fmt: skip
    for org, industry, status in [
        (wangjing, "catering", "confirmed"),
        (sunhe, "catering", "submitted"),
        (sunhe, "tourism", "declined"),
    ]:
        DeferralApplication.objects.create(
            organisation=org, applicant=person(Role.ENTERPRISE, organisation=org), industry=industry, status=status,
            filed_on=dt.date(2020, 5, 11),
        )  # fmt: skip
    return {"wangjing": wangjing, "sunhe": sunhe}


def table(rows):
    return {r.label: r.values for r in rows}


def test_job_market_supply_and_demand_per_street(market):
    assert table(employment.job_market(Scope())) == {
        "望京街道": (2, 8, 1, 3, 10, 4),
        "孙河地区": (1, 2, 0, 0, 0, 0),
    }


def test_layoffs_per_street_count_accepted_reports_only(market):
    assert table(employment.layoffs_by_street(Scope())) == {"望京街道": (2, 20), "孙河地区": (1, 5)}
    assert table(employment.layoffs_by_street(Scope(start=dt.date(2020, 5, 9), end=dt.date(2020, 5, 19)))) == {
        "孙河地区": (1, 5)
    }


def test_deferral_uptake_per_industry_by_status(market):
    # 待行业主管部门确认, 已确认, 不予确认
    assert table(employment.deferral_by_industry(Scope())) == {"餐饮": (1, 1, 0), "旅游": (0, 0, 1)}
    assert table(employment.deferral_by_industry(Scope(industry="H"))) == {"餐饮": (0, 1, 0)}


def test_the_drill_down_lists_layoffs_and_deferrals(client, market):
    client.force_login(person(Role.ADMIN))
    sunhe = Street.objects.get(name="孙河").pk
    layoffs = client.get(reverse("monitoring:list", args=["layoffs"]), {"street": sunhe})
    assert layoffs.context["lines"] == [[market["sunhe"].name, "孙河地区", "2020-05-09", "100", "5"]]
    deferrals = client.get(reverse("monitoring:list", args=["deferrals"]), {"i3": "catering"})
    assert sorted(line[4] for line in deferrals.context["lines"]) == ["已确认", "待行业主管部门确认"]
    assert client.get(reverse("monitoring:list", args=["nothing"])).status_code == 404


def test_the_page_links_job_rows_to_the_public_search(client, market):
    client.force_login(person(Role.ADMIN))
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    wangjing = Street.objects.get(name="望京").pk
    assert f'href="/jobs/?street={wangjing}">望京街道</a>' in html
    assert "就业超市供需（按街乡）" in html and "裁减人员报告（按街乡）" in html and "社会保险费缓缴（按行业）" in html


def test_a_street_office_sees_its_streets_market_layoffs_and_deferrals(client, market):
    client.force_login(person(Role.STREET, street=Street.objects.get(name="孙河")))
    charts = {c.slug: c for c in client.get(reverse("monitoring:dashboard")).context["charts"]}
    assert table(charts["jobs"].rows) == {"孙河地区": (1, 2, 0, 0, 0, 0)}
    assert table(charts["layoffs"].rows) == {"孙河地区": (1, 5)}
    assert table(charts["deferral"].rows) == {"餐饮": (1, 0, 0), "旅游": (0, 0, 1)}
    listing = client.get(reverse("monitoring:list", args=["layoffs"]), {"street": Street.objects.get(name="望京").pk})
    assert [line[0] for line in listing.context["lines"]] == [market["sunhe"].name]
