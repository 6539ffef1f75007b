"""The form's judgement is the engine's: L.cond (20 people or 10 %) and the 30-day notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.layoffs import services
from wengang.layoffs.models import Status
from wengang.layoffs.workflow import TransitionError

from .conftest import TODAY
from .factories import complete_report


def required(report) -> str:
    return services.judge(report).result("L.cond").status


@pytest.mark.parametrize(
    ("layoffs", "employees", "status"),
    [(20, 1000, "eligible"), (19, 1000, "ineligible"), (10, 100, "eligible"), (9, 100, "ineligible")],
)
def test_it_asks_the_engine_whether_a_report_is_required(owner, layoffs, employees, status):
    report = services.report_create(user=owner, values={"layoffs": layoffs, "employees": employees})
    assert required(report) == status


def test_twenty_people_can_be_submitted(owner):
    report = complete_report(owner, layoffs=20, employees=1000, today=TODAY)
    services.report_submit(report=report, user=owner)
    assert report.status == Status.SUBMITTED
    assert report.report_date == TODAY


def test_nineteen_of_a_thousand_need_no_report(owner):
    report = complete_report(owner, layoffs=19, employees=1000, today=TODAY)
    with pytest.raises(TransitionError, match=r"未达到20人或10%，无须报告 \[L\.cond\]"):
        services.report_submit(report=report, user=owner)
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert report.changes.count() == 0


def test_exactly_ten_percent_can_be_submitted(owner):
    report = complete_report(owner, layoffs=10, employees=100, today=TODAY)
    services.report_submit(report=report, user=owner)
    assert report.status == Status.SUBMITTED


def test_nine_of_a_hundred_need_no_report(owner):
    report = complete_report(owner, layoffs=9, employees=100, today=TODAY)
    with pytest.raises(TransitionError, match=r"占 9.00%"):
        services.report_submit(report=report, user=owner)


def test_thirty_days_notice_is_enough(owner):
    report = complete_report(owner, notice_days=30, today=TODAY)
    assert report.notice_days(TODAY) == 30
    services.report_submit(report=report, user=owner)
    assert report.status == Status.SUBMITTED


def test_twenty_nine_days_notice_is_refused(owner):
    report = complete_report(owner, notice_days=29, today=TODAY)
    with pytest.raises(TransitionError, match=r"仅提前 29 天说明情况，须提前 30 天 \[L\.cond\]"):
        services.report_submit(report=report, user=owner)


def test_a_missing_material_is_named_with_its_clause(owner):
    report = complete_report(owner, today=TODAY)
    report.materials.get(item=6).delete()
    with pytest.raises(TransitionError, match=r"缺少：工会或者全体劳动者的意见 \[L\.mat\(6\)\]"):
        services.report_submit(report=report, user=owner)


def test_the_list_must_hold_as_many_people_as_reported(owner):
    report = complete_report(owner, layoffs=20, today=TODAY)
    services.report_update(report=report, values={"layoffs": 21})
    with pytest.raises(TransitionError, match="名单共 20 人，与填写的裁减人数 21 人不一致"):
        services.report_submit(report=report, user=owner)


def test_the_page_shows_the_engine_conditions_with_clause_ids(client, owner):
    report = services.report_create(user=owner)
    client.force_login(owner)
    response = client.post(
        reverse("layoffs:detail", args=[report.pk]),
        {
            "layoffs": "19",
            "employees": "1000",
            "notice_date": (TODAY - dt.timedelta(days=29)).isoformat(),
            "circumstance": "2",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("layoffs:detail", args=[report.pk])).content.decode()
    assert_shows(page, "裁减 19 人，职工总数 1000 人（占 1.90%）：未达到20人或10%，无须报告", "[L.cond]", "仅提前 29 天说明情况，须提前 30 天")
    assert "缺少：企业法人营业执照副本复印件" in page and "[L.mat(1)]" in page


def test_the_htmx_check_judges_the_form_as_typed_without_saving(client, owner):
    report = services.report_create(user=owner)
    client.force_login(owner)
    response = client.post(reverse("layoffs:check", args=[report.pk]), {"layoffs": "10", "employees": "100"})
    assert "裁减 10 人，职工总数 100 人（占 10.00%）：须提前报告" in response.content.decode()
    report.refresh_from_db()
    assert report.layoffs is None


def test_more_layoffs_than_employees_is_refused_on_the_form(client, owner):
    report = services.report_create(user=owner)
    client.force_login(owner)
    response = client.post(reverse("layoffs:detail", args=[report.pk]), {"layoffs": "30", "employees": "20"})
    assert response.status_code == 400
    assert "裁减人数 30 人超过职工总数 20 人" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"layoffs": "twenty", "employees": "100"}, "输入整数"),
        ({"layoffs": "1" + "0" * 30, "employees": "100"}, "超出范围（绝对值须小于10^15）"),
        ({"layoffs": "5", "employees": "20000000"}, "“20000000”超出范围（不能大于 10000000）"),
        ({"layoffs": "5", "employees": "-100"}, "确保该值大于或等于1"),
        ({"layoffs": "5", "employees": "100", "circumstance": "2.5"}, "2.5 不在可用的选项中"),
        ({"layoffs": "5", "employees": "100", "circumstance": "生产经营困难"}, "生产经营困难 不在可用的选项中"),
        ({"layoffs": "5", "employees": "100", "notice_date": "15.07.2020"}, "输入一个有效的日期"),
    ],
)
def test_hostile_values_get_chinese_form_errors(client, owner, data, message):
    report = services.report_create(user=owner)
    client.force_login(owner)
    response = client.post(reverse("layoffs:detail", args=[report.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    # the htmx check leaves the bad values out of its judgement instead of failing
    assert client.post(reverse("layoffs:check", args=[report.pk]), data).status_code == 200
    report.refresh_from_db()
    assert report.layoffs is None


def test_an_english_browser_still_gets_chinese_form_errors(client, owner):
    # Chromium and many office PCs send Accept-Language: en-US; the site is Chinese only, and the
    # form errors were Django's English ("Enter a whole number.") beside Chinese labels
    report = services.report_create(user=owner)
    client.force_login(owner)
    data = {"layoffs": "twenty", "employees": "100"}
    response = client.post(reverse("layoffs:detail", args=[report.pk]), data, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "输入整数" in response.content.decode()
    assert "Enter a whole number" not in response.content.decode()
