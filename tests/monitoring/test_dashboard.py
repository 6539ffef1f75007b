"""The application dashboards: figures per subsidy, week, street and industry, review times against
the 15-working-day limit, 容缺 outcomes; each with its table, drill-down and Excel export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wengang.monitoring import dashboard
from wengang.monitoring.dashboard import Scope
from wengang.registry.models import Street

pytestmark = pytest.mark.django_db

D = Decimal


def table(rows: list[dashboard.Row]) -> dict[str, tuple[object, ...]]:
    return {r.label: r.values for r in rows}


def test_it_counts_and_sums_per_subsidy(district):
    rows = table(dashboard.by_subsidy(Scope()))
    op2 = next(k for k in rows if k.startswith("OP2"))
    op3 = next(k for k in rows if k.startswith("OP3"))
    assert rows[op2] == (1, 0, D("0.00"), D("0.00"))
    assert rows[op3] == (3, 2, D("3000.75"), D("1000.50"))


def test_it_groups_by_monday_of_the_submission_week(district):
    assert table(dashboard.by_week(Scope())) == {
        "2020-04-27起": (2, 2, D("3000.75"), D("1000.50")),
        "2020-05-04起": (1, 0, D("0.00"), D("0.00")),
        "2020-05-11起": (1, 0, D("0.00"), D("0.00")),
    }


def test_a_range_puts_its_end_days_into_their_weeks(district):
    # 2020-04-28 … 2020-05-12: the week of 4 May whole, the days of the weeks of 27 April and 11 May
    assert table(dashboard.by_week(Scope(start=dt.date(2020, 4, 28), end=dt.date(2020, 5, 12)))) == {
        "2020-04-27起": (1, 1, D("2000.25"), D("0.00")),
        "2020-05-04起": (1, 0, D("0.00"), D("0.00")),
        "2020-05-11起": (1, 0, D("0.00"), D("0.00")),
    }


def test_it_groups_by_street_and_by_industry_section(district):
    assert table(dashboard.by_street(Scope())) == {
        "望京街道": (3, 2, D("3000.75"), D("1000.50")),
        "孙河地区": (1, 0, D("0.00"), D("0.00")),
    }
    assert table(dashboard.by_industry(Scope())) == {
        "C 制造业": (1, 0, D("0.00"), D("0.00")),
        "I 信息传输、软件和信息技术服务业": (3, 2, D("3000.75"), D("1000.50")),
    }


def test_it_measures_review_times_against_the_due_date(district):
    rows = table(dashboard.review_times(Scope()))
    # in time, late, open within the limit, open overdue (today 2020-06-01)
    assert rows[next(k for k in rows if k.startswith("OP3"))] == (2, 1, 0, 0)
    assert rows[next(k for k in rows if k.startswith("OP2"))] == (0, 0, 0, 1)


def test_it_counts_deficiency_cases_by_current_status(district):
    assert table(dashboard.deficiency_outcomes(Scope())) == {"区级审核中": (1,)}


def test_the_scope_filters_dates_street_and_industry(district):
    assert table(dashboard.by_street(Scope(start=dt.date(2020, 5, 6), end=dt.date(2020, 5, 6)))) == {
        "望京街道": (1, 0, D("0.00"), D("0.00"))
    }
    sunhe = Street.objects.get(name="孙河").pk
    assert [r.label for r in dashboard.by_street(Scope(street_id=sunhe))] == ["孙河地区"]
    assert [r.values[0] for r in dashboard.by_subsidy(Scope(industry="C"))] == [1]


def test_the_page_shows_each_chart_with_its_table_and_links(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:dashboard"), {"industry": "I"})
    assert page.status_code == 200
    html = page.content.decode()
    for title in (
        "按补贴类型",
        "按周（提交日期）",
        "按街乡",
        "按行业门类",
        "审核用时（15个工作日时限）",
        "容缺受理结果",
    ):
        assert f">{title}</h2>" in html
    assert "3,000.75 元" in html
    assert 'href="/dashboard/list/applications/?industry=I&amp;subsidy=OP3"' in html
    assert 'href="/dashboard/subsidy.xlsx?industry=I"' in html
    assert 'id="chart-subsidy-data" type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_it_exports_a_chart_as_excel_with_exact_amounts(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:export", args=["street"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("街乡", "申请件数", "通过件数", "核定金额（元）", "拨付金额（元）")
    assert sorted(rows[1:]) == [("孙河地区", 1, 0, 0, 0), ("望京街道", 3, 2, 3000.75, 1000.5)]
    assert client.get("/dashboard/nothing.xlsx").status_code == 404


def test_the_drill_down_lists_the_rows_applications(client, reviewer, district):
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:list", args=["applications"]), {"section": "C"})
    assert page.context["page"].paginator.count == 1
    assert district["sunhe"].name in page.content.decode()
    late = client.get(reverse("monitoring:list", args=["applications"]), {"subsidy": "OP3", "review": "late"})
    assert [a.approved_amount for a in late.context["page"]] == [D("2000.25")]


@pytest.mark.parametrize(
    "params",
    [{"week": "not-a-date"}, {"review": "<script>"}, {"page": "-1"}, {"status": "x" * 500}, {"section": "\x00"}],
)
def test_hostile_drill_down_parameters_never_fail(client, reviewer, params):
    client.force_login(reviewer)
    response = client.get(reverse("monitoring:list", args=["applications"]), params)
    # a NUL is refused for every page with the Chinese 400 page (tests/ops/test_nul_query.py)
    assert response.status_code == (400 if "\x00" in params.get("section", "") else 200)


def test_invalid_filters_re_render_with_a_chinese_message(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("monitoring:dashboard"), {"start": "2020-05-10", "end": "2020-05-01", "industry": "Z"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "截止日期不能早于起始日期" in html
    assert 'value="2020-05-10"' in html
    assert page.context["charts"][0].scope == Scope()
