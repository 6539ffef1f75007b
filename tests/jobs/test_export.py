"""The poster's list of job posts: filters in the URL and the Excel export of what is shown."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wengang.jobs.models import JobPost

from .conftest import TODAY, make_post, values

MINE = reverse("jobs:mine")
EXPORT = reverse("jobs:mine_export")


def titles(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    if url == EXPORT:
        sheet = load_workbook(io.BytesIO(response.content)).active
        return sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True))
    page = response.content.decode()
    return sorted(p.title for p in JobPost.objects.all() if f">{p.title}</a>" in page)


@pytest.fixture
def posts(key_owner, plain_owner, street_staff, sunhe, plain_firm):
    make_post(key_owner, title="仓储分拣员", urgent=True)
    make_post(key_owner, title="配送司机", deadline=TODAY + dt.timedelta(days=5))
    make_post(plain_owner, title="收银员")
    JobPost.objects.create(
        **values(title="保洁员"),
        organisation=plain_firm,
        posted_by=street_staff,
        on_behalf_street=sunhe,
        status="published",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", [MINE, EXPORT])
def test_a_firm_lists_and_exports_only_its_own_posts(client, key_owner, plain_owner, posts, url) -> None:
    client.force_login(key_owner)
    assert titles(client, url) == ["仓储分拣员", "配送司机"]
    assert titles(client, url, date_to=(TODAY + dt.timedelta(days=10)).isoformat()) == ["配送司机"]
    client.force_login(plain_owner)
    assert titles(client, url) == ["保洁员", "收银员"]  # its own, including the one its street posted for it


@pytest.mark.django_db
@pytest.mark.parametrize("url", [MINE, EXPORT])
def test_a_street_lists_and_exports_the_posts_it_made(client, street_staff, posts, url) -> None:
    client.force_login(street_staff)
    assert titles(client, url) == ["保洁员"]
    assert titles(client, url, q="丙丁") == ["保洁员"]
    assert titles(client, url, q="物美") == []
    assert titles(client, url, status="draft") == []


@pytest.mark.django_db
def test_the_export_writes_numbers_money_dates_and_yes_no(client, key_owner, posts) -> None:
    client.force_login(key_owner)
    response = client.get(EXPORT, {"q": "ignored for firms"})
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:8] == [
        "岗位名称",
        "用人单位",
        "统一社会信用代码",
        "工作地所属街乡",
        "工作地点",
        "招聘人数",
        "月薪下限（元）",
        "月薪上限（元）",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "仓储分拣员")
    assert row[5].value == 400
    assert Decimal(str(row[6].value)) == Decimal("5000.00") and row[6].number_format == "#,##0.00"
    assert [row[9].value, row[10].value] == ["是", "否"]
    assert row[12].value == dt.datetime(2020, 7, 1) and row[12].is_date


@pytest.mark.django_db
def test_a_formula_in_a_title_is_exported_as_text(client, key_owner) -> None:
    post = make_post(key_owner, title="招聘")
    JobPost.objects.filter(pk=post.pk).update(title="=cmd|' /C calc'!A0", contact_phone="+86 10 8459")
    client.force_login(key_owner)
    sheet = load_workbook(io.BytesIO(client.get(EXPORT).content)).active
    assert sheet["A2"].value == "=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["P2"].value == "+86 10 8459" and sheet["P2"].quotePrefix


@pytest.mark.django_db
def test_who_may_not_post_may_not_export(client, reviewer, agency_user) -> None:
    assert client.get(EXPORT).status_code == 302
    for user in (reviewer, agency_user):
        client.force_login(user)
        assert client.get(EXPORT).status_code == 403
