"""The layoff report list: filters in the URL, a count, paging, and the Excel export of what is shown."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import uscc
from wengang.layoffs.models import LayoffReport, Status
from wengang.registry.models import Organisation, Street

LIST = reverse("layoffs:list")
EXPORT = reverse("layoffs:export")


def report(org: Organisation, owner, *, status: str, day: dt.date | None, layoffs: int = 25, **extra) -> LayoffReport:
    return LayoffReport.objects.create(
        organisation=org,
        applicant=owner,
        status=status,
        report_date=day,
        layoffs=layoffs,
        employees=500,
        circumstance=2,
        **extra,
    )


@pytest.fixture
def reports(firm, owner, rival_firm, outsider):
    """甲乙 (孙河): a draft, one submitted on 4-01, one accepted on 4-10; 丙丁 (no street): one submitted on 4-12."""
    return {
        "draft": report(firm, owner, status=Status.DRAFT, day=None),
        "submitted": report(firm, owner, status=Status.SUBMITTED, day=dt.date(2020, 4, 1)),
        "accepted": report(
            firm,
            owner,
            status=Status.ACCEPTED,
            day=dt.date(2020, 4, 10),
            layoffs=40,
            accepted_on=dt.date(2020, 4, 11),
            receipt_number="朝人社裁收〔2020〕第0007号",
        ),
        "rival": report(rival_firm, outsider, status=Status.SUBMITTED, day=dt.date(2020, 4, 12)),
    }


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.django_db
def test_staff_filter_by_status_date_street_and_firm_name(client, reviewer, reports) -> None:
    client.force_login(reviewer)
    page = client.get(LIST).content.decode()
    assert "共 <strong>3</strong> 条记录" in page  # drafts are the firm's own

    page = client.get(LIST, {"status": "submitted"}).content.decode()
    assert "共 <strong>2</strong> 条符合筛选条件的记录" in page

    page = client.get(LIST, {"date_from": "2020-04-05", "date_to": "2020-04-11"}).content.decode()
    assert "共 <strong>1</strong> 条" in page and "北京丙丁贸易有限公司" not in page

    sunhe = Street.objects.get(name="孙河").pk
    page = client.get(LIST, {"street": sunhe}).content.decode()
    assert "共 <strong>2</strong> 条" in page and "北京丙丁贸易有限公司" not in page

    page = client.get(LIST, {"q": "丙丁"}).content.decode()
    assert "共 <strong>1</strong> 条" in page and "北京甲乙制造有限公司" not in page


@pytest.mark.django_db
def test_an_empty_result_says_so_and_the_export_link_keeps_the_filters(client, reviewer, reports) -> None:
    client.force_login(reviewer)
    page = client.get(LIST, {"q": "不存在的单位", "status": "accepted"}).content.decode()
    assert "没有符合筛选条件的报告" in page
    assert f'href="{EXPORT}?status=accepted&amp;q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E5%8D%95%E4%BD%8D"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2020-13-45"},
        {"date_to": "yesterday"},
        {"status": "<script>"},
        {"street": "999999"},
        {"street": "abc"},
        {"date_from": "0001-01-01"},
        {"q": "x" * 500},
        {"page": "-3"},
        {"page": "999"},
        {"date_from": "2020-04-20", "date_to": "2020-04-01"},
    ],
)
def test_hostile_filters_are_reported_never_a_500(client, reviewer, reports, params) -> None:
    client.force_login(reviewer)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert client.get(EXPORT, params).status_code == 200


@pytest.mark.django_db
def test_an_invalid_filter_is_shown_on_its_field_and_the_others_still_apply(client, reviewer, reports) -> None:
    client.force_login(reviewer)
    page = client.get(LIST, {"date_from": "2020-13-45", "q": "丙丁"}).content.decode()
    assert "请输入有效日期，例如 2020-05-01" in page
    assert 'href="#id_date_from"' in page
    assert 'value="2020-13-45"' in page  # the user's input is kept
    assert "共 <strong>1</strong> 条" in page

    page = client.get(LIST, {"date_from": "2020-04-20", "date_to": "2020-04-01"}).content.decode()
    assert "结束日期不能早于开始日期" in page


@pytest.mark.django_db
def test_the_export_holds_the_filtered_reports_with_chinese_headers_and_typed_cells(client, reviewer, reports) -> None:
    client.force_login(reviewer)
    response = client.get(EXPORT, {"status": "accepted"})
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == (
        "报告单位",
        "统一社会信用代码",
        "所属街乡",
        "裁减人数",
        "职工总数",
        "裁减情形",
        "向工会或全体职工说明情况的日期",
        "报告日期",
        "状态",
        "受理日期",
        "收悉证明编号",
        "退回理由",
    )
    assert rows[1:] == [
        (
            "北京甲乙制造有限公司",
            uscc(41),
            "孙河",
            40,
            500,
            "（二）生产经营发生严重困难",
            None,
            dt.datetime(2020, 4, 10),
            "已受理（已出具收悉证明）",
            dt.datetime(2020, 4, 11),
            "朝人社裁收〔2020〕第0007号",
            None,
        )
    ]
    cell = load_workbook(io.BytesIO(response.content)).active["H2"]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


@pytest.mark.django_db
def test_a_firm_exports_only_its_own_reports(client, owner, outsider, reports) -> None:
    client.force_login(owner)
    names = {r[0] for r in rows_of(client.get(EXPORT))[1:]}
    assert names == {"北京甲乙制造有限公司"}
    assert len(rows_of(client.get(EXPORT))) == 4  # its draft too
    # a firm cannot widen its list with a name filter
    assert len(rows_of(client.get(EXPORT, {"q": "丙丁"}))) == 4
    client.force_login(outsider)
    assert [r[0] for r in rows_of(client.get(EXPORT))[1:]] == ["北京丙丁贸易有限公司"]


@pytest.mark.django_db
def test_other_departments_cannot_export(client, other_reviewer, reports) -> None:
    assert client.get(EXPORT).status_code == 302  # signed out: to the sign-in page
    client.force_login(other_reviewer)
    assert client.get(EXPORT).status_code == 403


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_exported_as_text(client, reviewer, owner) -> None:
    evil = Organisation.objects.create(uscc=uscc(77), name='=HYPERLINK("http://evil.example/","点我")')
    report(evil, owner, status=Status.RETURNED, day=dt.date(2020, 4, 2), return_reasons="@SUM(A1:A9)")
    client.force_login(reviewer)
    response = client.get(EXPORT)
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    row = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert row[0].value == '=HYPERLINK("http://evil.example/","点我")'
    assert row[0].data_type == "s" and row[0].quotePrefix
    assert row[11].value == "@SUM(A1:A9)" and row[11].quotePrefix


@pytest.mark.django_db
def test_the_list_pages_by_twenty_and_the_page_links_keep_the_filters(client, reviewer, owner, firm) -> None:
    for i in range(41):
        report(firm, owner, status=Status.SUBMITTED, day=dt.date(2020, 4, 1) + dt.timedelta(days=i % 10))
    client.force_login(reviewer)
    page = client.get(LIST, {"status": "submitted"}).content.decode()
    assert "共 <strong>41</strong> 条" in page and "第 1 / 3 页" in page
    assert page.count("北京甲乙制造有限公司</a>") == 20
    assert 'href="?status=submitted&amp;page=2"' in page
    last = client.get(LIST, {"status": "submitted", "page": "3"}).content.decode()
    assert last.count("北京甲乙制造有限公司</a>") == 1
    beyond = client.get(LIST, {"status": "submitted", "page": "4"}).content.decode()
    assert "第 3 / 3 页" in beyond
    assert len(rows_of(client.get(EXPORT, {"status": "submitted"}))) == 42  # the export is not paged
