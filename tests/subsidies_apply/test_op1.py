"""OP1: a roster of hired workers, each judged by the engine; a worker-month is claimed once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from tests.asserts import assert_shows
from tests.factories import id_number, xlsx_upload
from wengang.subsidies.models import Status, WorkerLine
from wengang.subsidies.services import apply as svc
from wengang.subsidies.services.engine import judge

from .helpers import assert_no_inline_code, html, op3_decided, start, submit

H1 = svc.op1_period(dt.date(2019, 7, 1), 6)  # 2019-07-01 to 2019-12-31
HEADER = [c.header for c in svc.WORKER_COLUMNS]
# 姓名, 身份证号码, 人员类别, 合同年, 月工资, 缴费基数, 已享受月数, 本次月数, 起始月, 社保, 工资
REGISTERED = ["张三", id_number(1), "本市其他登记失业人员", "2", "5000", "4000", "0", "6", "", "是", "是"]
HARD = ["李四", id_number(2), "城乡就业困难人员", "3", "5000", "4000", "12", "6", "2019-07", "是", "是"]


@pytest.fixture(autouse=True)
def claim_day(settings):
    """Within 90 days from the month after the half-year (OP1.3)."""
    settings.WENGANG_TODAY = "2020-01-15"


@pytest.fixture
def claim(owner):
    return start(owner, "OP1", H1)


def row_data(values, prefix="row"):
    names = [c.name for c in svc.WORKER_COLUMNS]
    mapped = dict(zip(names, values, strict=True))
    for key in ("si_paid", "wage_paid_in_full"):
        mapped[key] = {"是": "true", "否": "false"}[mapped[key]]
    mapped["category"] = {"本市其他登记失业人员": "registered_unemployed", "城乡就业困难人员": "hard_to_employ"}[
        mapped["category"]
    ]
    return {f"{prefix}-{k}": v for k, v in mapped.items()}


def upload(client, claim, *rows):
    return client.post(
        f"/hall/apply/{claim.pk}/roster/", {"action": "upload", "roster-file": xlsx_upload(HEADER, rows)}
    )


def test_the_template_is_an_excel_file_with_the_columns(owner_client):
    from io import BytesIO

    from openpyxl import load_workbook

    r = owner_client.get("/hall/apply/template/OP1.xlsx")
    assert r.status_code == 200
    book = load_workbook(BytesIO(r.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    assert book.worksheets[0]["B2"].number_format == "@"  # ID numbers as text
    assert book.sheetnames[1] == "填写说明"


def test_each_worker_gets_the_engines_amount(owner_client, claim):
    r = upload(owner_client, claim, REGISTERED, HARD)
    assert r.status_code == 302
    claim.refresh_from_db()
    assert [w["name"] for w in claim.facts["workers"]] == ["张三", "李四"]
    result = judge(claim, dt.date(2020, 1, 15))
    # 张三, other registered unemployed, minimum bases: 16 % × 3,613 × 6 + 0.8 % × 3,613 × 6 + 10 % × 5,360 × 6
    #   = 3,468.48 + 173.424 + 3,216.00 = 6,857.904 → 6,857.90
    # 李四, hard to employ, base min(4,000, 60 % × 7,855): 8,000 × 6/12 + 16 % × 4,000 × 6 + 0.8 % × 4,000 × 6
    #   + 3,216.00 = 4,000 + 3,840 + 192 + 3,216 = 11,248.00
    assert result.status == "eligible"
    assert result.amount == Decimal("18105.90")
    assert result.amount_steps == [
        f"张三（{REGISTERED[1][:6]}********{REGISTERED[1][-4:]}）6 个月：6,857.90 元",
        f"李四（{HARD[1][:6]}********{HARD[1][-4:]}）6 个月：11,248.00 元",
        "= 合计 18,105.90 元",
    ]
    page = html(owner_client.get(f"/hall/apply/{claim.pk}/edit/"))
    assert "18,105.90 元" in page
    assert "6,857.90 元" in page
    assert REGISTERED[1] not in page  # IDs are masked on screen
    assert_no_inline_code(page)


def test_rows_with_errors_are_listed_with_their_row_numbers(owner_client, claim):
    bad_id = [*REGISTERED[:1], "110105198001010010", *REGISTERED[2:]]
    bad_category = ["王五", id_number(3), "下岗职工", *REGISTERED[3:]]
    too_long = ["赵六", id_number(4), "城乡就业困难人员", "1", "5000", "4000", "0", "7", "", "是", "是"]
    r = upload(owner_client, claim, REGISTERED, bad_id, bad_category, too_long)
    assert r.status_code == 200
    page = html(r)
    assert_shows(
        page,
        "名单有误，未保存",
        "第3行：身份证号码：不是有效的居民身份证号码（18位，出生日期或校验位不符）",
        "第4行：人员类别：",
        "第5行：本次申请月数：2019-07起7个月超出补贴期间 2019-07 至 2019-12",
    )
    claim.refresh_from_db()
    assert "workers" not in claim.facts


def test_a_worker_twice_in_one_roster_is_refused(owner_client, claim):
    r = upload(owner_client, claim, REGISTERED, [*REGISTERED[:3], *HARD[3:]])
    assert "第3行：身份证号码与第2行重复" in html(r)


def test_a_non_excel_upload_is_refused(owner_client, claim):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = owner_client.post(
        f"/hall/apply/{claim.pk}/roster/",
        {"action": "upload", "roster-file": SimpleUploadedFile("名单.xlsx", b"name,id\n")},
    )
    assert "文件不是 Excel（.xlsx）格式" in html(r)


def test_rows_are_entered_one_by_one_and_removed(owner_client, claim):
    r = owner_client.post(f"/hall/apply/{claim.pk}/roster/", {"action": "add", **row_data(REGISTERED)})
    assert r.status_code == 302
    claim.refresh_from_db()
    assert claim.facts["workers"][0]["start_month"] == "2019-07-01"
    r = owner_client.post(f"/hall/apply/{claim.pk}/roster/", {"action": "add", **row_data(REGISTERED)})
    assert "该人员已在名单中" in html(r)
    owner_client.post(f"/hall/apply/{claim.pk}/roster/", {"action": "remove", "index": "0"})
    claim.refresh_from_db()
    assert claim.facts["workers"] == []


def test_a_row_form_error_keeps_what_was_typed(owner_client, claim):
    data = {"action": "add", **row_data(REGISTERED), "row-monthly_wage": "五千"}
    page = html(owner_client.post(f"/hall/apply/{claim.pk}/roster/", data))
    assert 'value="五千"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly_wage", "三千元", "输入一个数字"),
        ("monthly_wage", "4,500", "输入一个数字"),
        ("monthly_wage", "-1", "确保该值大于或等于0"),
        ("monthly_wage", "1" + "0" * 30, "确认总共不超过 12 个数字"),
        ("pension_base", "NaN", "输入一个数字"),
        ("months_before", "forty", "输入整数"),
        ("si_paid", "maybe", "请填“是”或“否”"),
        ("category", "失业", "失业 不在可用的选项中"),
        ("start_month", "15.07.2019", "请按“2020-01”的格式填写年月"),
    ],
)
def test_hostile_row_values_get_chinese_errors_and_nothing_is_stored(owner_client, claim, field, value, message):
    data = {"action": "add", **row_data(REGISTERED), f"row-{field}": value}
    response = owner_client.post(f"/hall/apply/{claim.pk}/roster/", data)
    assert response.status_code == 200
    assert message in html(response)
    claim.refresh_from_db()
    assert not claim.facts.get("workers")


def test_submission_writes_one_line_per_worker_and_month(owner, owner_client, claim):
    upload(owner_client, claim, REGISTERED)
    claim.refresh_from_db()
    submit(owner, claim)
    lines = list(WorkerLine.objects.filter(application=claim).order_by("month"))
    assert [line.month.month for line in lines] == [7, 8, 9, 10, 11, 12]
    assert [line.amount for line in lines] == [Decimal("1142.98")] * 5 + [Decimal("1143.00")]
    assert sum(line.amount for line in lines) == Decimal("6857.90")
    claim.refresh_from_db()
    assert claim.claimed_amount == Decimal("6857.90")


def test_a_worker_month_cannot_be_claimed_twice(owner, owner_client, claim, outsider):
    upload(owner_client, claim, REGISTERED)
    claim.refresh_from_db()
    submit(owner, claim)
    theirs = start(outsider, "OP1", H1)
    client = Client()
    client.force_login(outsider)
    r = upload(client, theirs, REGISTERED)
    page = html(r)
    masked = f"{REGISTERED[1][:6]}********{REGISTERED[1][-4:]}"
    assert (
        f"第2行：身份证号码 {masked} 的 2019-07、2019-08、2019-09、2019-10、2019-11、2019-12 月已申领过岗位补贴和社会保险补贴"
        in page
    )


def test_the_database_refuses_a_second_claim_for_a_worker_month(owner, owner_client, claim):
    upload(owner_client, claim, REGISTERED)
    claim.refresh_from_db()
    submit(owner, claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkerLine.objects.create(
            application=claim, name="张三", id_number=REGISTERED[1], month=dt.date(2019, 7, 1), category="x"
        )


def test_a_claim_racing_another_for_the_same_worker_is_refused_at_submission(owner, owner_client, claim, outsider):
    theirs = start(outsider, "OP1", H1)
    client = Client()
    client.force_login(outsider)
    upload(client, theirs, REGISTERED)
    upload(owner_client, claim, REGISTERED)
    claim.refresh_from_db()
    theirs.refresh_from_db()
    submit(outsider, theirs)
    with pytest.raises(svc.ApplyError, match="已申领过岗位补贴和社会保险补贴"):
        submit(owner, claim)
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT
    assert not WorkerLine.objects.filter(application=claim).exists()


def test_withdrawal_frees_the_worker_months(owner, owner_client, claim):
    upload(owner_client, claim, REGISTERED)
    claim.refresh_from_db()
    submit(owner, claim)
    svc.application_withdraw(application=claim, user=owner)
    assert not WorkerLine.objects.exists()


def test_the_op3_amount_received_is_deducted(owner, owner_client, settings):
    """OP1.2(3): OP3 15,000.00 over 48 + 48 + 48 insured person-months is 104.1666… a person-month;
    a worker claimed for Nov 2019–Apr 2020 overlaps Feb–Apr: 3 × 104.1666… = 312.50 deducted."""
    settings.WENGANG_TODAY = "2020-05-15"
    op3_decided(owner, "OP3-TEST-1", Status.APPROVED, approved_amount=Decimal("15000.00"))
    claim = start(owner, "OP1", svc.op1_period(dt.date(2019, 11, 1), 6))
    upload(owner_client, claim, [*REGISTERED[:8], "2019-11", "是", "是"])
    claim.refresh_from_db()
    result = judge(claim, dt.date(2020, 5, 15))
    # 6,857.904 − 312.50 = 6,545.404 → 6,545.40
    assert result.amount == Decimal("6545.40")
    assert "核减已享受的一次性社会保险补贴（OP1.2(3)）：312.50 元" in html(
        owner_client.get(f"/hall/apply/{claim.pk}/edit/")
    )


def test_an_undecided_op3_claim_leaves_the_deduction_pending(owner, owner_client, settings):
    settings.WENGANG_TODAY = "2020-05-15"
    op3 = start(owner)
    submit(owner, op3)
    claim = start(owner, "OP1", svc.op1_period(dt.date(2019, 11, 1), 6))
    upload(owner_client, claim, [*REGISTERED[:8], "2019-11", "是", "是"])
    claim.refresh_from_db()
    result = judge(claim, dt.date(2020, 5, 15))
    assert result.status == "eligible"
    assert result.amount is None
    assert "OP1.2(3) 核减金额待定" in html(owner_client.get(f"/hall/apply/{claim.pk}/edit/"))
