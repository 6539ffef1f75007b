"""The Excel export of decisions in the current filter."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wengang.subsidies.models import Status
from wengang.subsidies.services.review import application_approve, application_escalate, application_reject

from .conftest import OP2_FACTS, OP3_FACTS, OP3_SHRINKING, application, organisation

EXPORT = reverse("subsidies:review_export")


@pytest.fixture
def decided(reviewer, municipal):
    """An approved OP3 (9,000.11), a rejected OP3, an OP2 approved jointly (912,000.00), one pending."""
    # OP3.2(1): 30 % × (10,000.37 + 10,000.00 + 10,000.00) = 9,000.111 → 9,000.11
    cents = {**OP3_FACTS, "employer_contrib_2020_02": "10000.37"}
    op3 = application(organisation("甲软件有限公司", facts=cents), "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=op3, actor=reviewer, comment="材料齐全")
    rejected = application(organisation("乙商贸有限公司", facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)
    application_reject(application=rejected, actor=reviewer, clauses=["OP3.1(1)"], reasons="参保人数下降")
    op2 = application(organisation("丙制造有限公司", facts=OP2_FACTS), "OP2", status=Status.DISTRICT_REVIEW)
    application_escalate(application=op2, actor=reviewer)
    application_approve(application=op2, actor=municipal)
    pending = application(organisation("丁餐饮有限公司"), "OP3")
    return op3, rejected, op2, pending


def workbook(client, who, **params):
    client.force_login(who)
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.content


@pytest.mark.django_db
def test_it_exports_the_decisions_with_exact_amounts(client, reviewer, decided) -> None:
    op3, rejected, op2, pending = decided
    content = workbook(client, reviewer)

    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "申请编号",
        "单位名称",
        "统一社会信用代码",
        "补贴类型",
        "补贴期间",
        "状态",
        "核定金额（元）",
        "决定时间",
        "决定部门",
        "决定理由",
    )
    by_reference = {row[0]: row for row in rows[1:]}
    assert set(by_reference) == {op3.reference, rejected.reference, op2.reference}  # decisions only

    row = by_reference[op3.reference]
    assert row[1:4] == ("甲软件有限公司", op3.organisation.uscc, "OP3 一次性社会保险补贴")
    assert row[4] == "2020-02-01 至 2020-04-30"
    assert row[5] == "审核通过"
    assert Decimal(str(row[6])) == Decimal("9000.11")
    assert row[7] == timezone.localtime(op3.decided_at).replace(tzinfo=None, microsecond=0)
    assert row[8] == "劳动服务管理中心"
    assert row[9] == "材料齐全"
    assert by_reference[op2.reference][8] == "市审核小组"
    assert Decimal(str(by_reference[op2.reference][6])) == Decimal("912000.00")
    assert by_reference[rejected.reference][6] is None
    assert "OP3.1(1)" in by_reference[rejected.reference][9]

    cell = sheet.cell(row=2, column=7)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    # the number cells hold the Decimal's digits, not a float's (9000.110000000001)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="G\d+" s="\d+" t="n"><v>9000\.11</v></c>', xml)
    assert "<v>912000.00</v>" in xml


@pytest.mark.django_db
def test_it_follows_the_queue_filter(client, reviewer, decided) -> None:
    op3, rejected, op2, _ = decided
    sheet = load_workbook(io.BytesIO(workbook(client, reviewer, status="rejected"))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [rejected.reference]

    sheet = load_workbook(io.BytesIO(workbook(client, reviewer, subsidy="OP2"))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [op2.reference]


@pytest.mark.django_db
def test_another_department_exports_none_of_them(client, skills_reviewer, decided) -> None:
    sheet = load_workbook(io.BytesIO(workbook(client, skills_reviewer))).active
    assert sheet.max_row == 1


@pytest.mark.django_db
def test_enterprises_cannot_export(client, firm_user) -> None:
    client.force_login(firm_user)
    assert client.get(EXPORT).status_code == 403


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_written_as_text(client, reviewer) -> None:
    """Issue 8, finding 18: a reason or a name beginning with =, +, - or @ was a live formula."""
    name = "=HYPERLINK(\"http://evil.example/\",\"点击查看\")"
    app = application(organisation(name, facts=OP3_SHRINKING), "OP3", status=Status.DISTRICT_REVIEW)
    reason = "+1+1 @SUM(A1) -2"
    application_reject(application=app, actor=reviewer, clauses=["OP3.1(1)"], reasons=reason)
    content = workbook(client, reviewer)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))
    cells = {c.value: c for c in row}
    assert cells[name].data_type == "s" and cells[name].quotePrefix
    decision = next(c for c in row if isinstance(c.value, str) and reason in c.value)
    assert decision.data_type == "s" and decision.value.startswith("+") is decision.quotePrefix
