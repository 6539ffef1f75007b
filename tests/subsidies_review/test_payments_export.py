"""The Excel export of payments (拨付记录) in the queue's current filter."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wengang.subsidies.models import Status
from wengang.subsidies.services.review import application_approve, application_record_payment

from .conftest import OP3_FACTS, application, organisation

EXPORT = reverse("subsidies:review_payments_export")


def paid(reviewer, name: str, amount: str, reference: str, on: dt.date):
    cents = {**OP3_FACTS, "employer_contrib_2020_02": "10000.37"}  # approved 9,000.11
    app = application(organisation(name, facts=cents), "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)
    reason = "" if Decimal(amount) == Decimal("9000.11") else "按核定金额扣减"
    application_record_payment(
        application=app,
        actor=reviewer,
        batch_reference=f"PB{on:%m%d}",
        paid_on=on,
        amount=Decimal(amount),
        payment_reference=reference,
        reason=reason,
    )
    return app


def sheet_of(client, user, **params):
    client.force_login(user)
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


@pytest.mark.django_db
def test_it_exports_each_payment_with_exact_amounts_and_dates(client, reviewer) -> None:
    first = paid(reviewer, "甲软件有限公司", "9000.11", "TX-001", dt.date(2020, 6, 10))
    second = paid(reviewer, "=乙商贸有限公司", "8000.50", "TX-002", dt.date(2020, 6, 12))
    unpaid = application(organisation("丙制造有限公司", facts=OP3_FACTS), "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=unpaid, actor=reviewer)

    response, sheet = sheet_of(client, reviewer)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "申请编号",
        "单位名称",
        "统一社会信用代码",
        "补贴类型",
        "核定金额（元）",
        "拨付金额（元）",
        "拨付日期",
        "拨付批次号",
        "支付流水号",
    )
    assert [r[0] for r in rows[1:]] == [first.reference, second.reference]  # paid only, by payment date
    assert rows[1][1:4] == ("甲软件有限公司", first.organisation.uscc, "OP3 一次性社会保险补贴")
    assert [Decimal(str(v)) for v in rows[2][4:6]] == [Decimal("9000.11"), Decimal("8000.50")]
    assert rows[2][6:] == (dt.datetime(2020, 6, 12), "PB0612", "TX-002")
    assert sheet["F3"].number_format == "#,##0.00" and sheet["G3"].number_format == "yyyy-mm-dd"
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>8000.50</v>" in xml and "<f>" not in xml
    assert sheet["B3"].value == "=乙商贸有限公司" and sheet["B3"].quotePrefix


@pytest.mark.django_db
def test_it_follows_the_queue_filter_and_the_department(client, reviewer, skills_reviewer) -> None:
    app = paid(reviewer, "甲软件有限公司", "9000.11", "TX-001", dt.date(2020, 6, 10))
    assert sheet_of(client, reviewer, subsidy="OP2")[1].max_row == 1
    assert sheet_of(client, reviewer, subsidy="OP3")[1]["A2"].value == app.reference
    assert sheet_of(client, skills_reviewer)[1].max_row == 1  # another department's payments: none


@pytest.mark.django_db
def test_enterprises_cannot_export_payments(client, firm_user) -> None:
    client.force_login(firm_user)
    assert client.get(EXPORT).status_code == 403
