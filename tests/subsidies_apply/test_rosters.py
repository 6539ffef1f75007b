"""OP6 trainee rosters and OP4 placement lists: the engine's roster rules decide who counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.asserts import assert_shows
from tests.factories import id_number, uscc, xlsx_upload
from wengang.subsidies.models import Status, SubsidyType, TrainingLine
from wengang.subsidies.services import apply as svc
from wengang.subsidies.services.engine import judge

from .helpers import html, op3_decided, start, submit

TRAINEE_HEADER = [c.header for c in svc.TRAINEE_COLUMNS]
PLACEMENT_HEADER = [c.header for c in svc.PLACEMENT_COLUMNS]


def post_upload(client, app, header, rows):
    return client.post(f"/hall/apply/{app.pk}/roster/", {"action": "upload", "roster-file": xlsx_upload(header, rows)})


# ---- OP6 ----------------------------------------------------------------------------------------


@pytest.fixture
def training(owner):
    return start(owner, "OP6")


def test_op6_counts_the_trainees_who_qualify(owner_client, owner, training):
    rows = [
        ["甲", id_number(11), "45", "是", "否"],
        ["乙", id_number(12), "30", "是", "否"],  # under 40 class hours
        ["丙", id_number(13), "50", "是", "是"],  # already claimed another training subsidy
        ["丁", id_number(14), "40", "是", "否"],
    ]
    assert post_upload(owner_client, training, TRAINEE_HEADER, rows).status_code == 302
    assert TrainingLine.objects.filter(application=training).count() == 4
    owner_client.post(f"/hall/apply/{training.pk}/edit/", {"received_op2_or_op3": "true", "action": "save"})
    training.refresh_from_db()
    result = judge(training, dt.date(2020, 6, 1))
    # 2 qualifying trainees × 1,000 yuan
    assert result.status == "eligible"
    assert result.amount == Decimal("2000.00")
    page = html(owner_client.get(f"/hall/apply/{training.pk}/edit/"))
    assert "2,000.00 元" in page
    assert "累计 30 课时，不足 40 课时" in page
    assert id_number(11) not in page


def test_op6_trainee_rows_are_checked(owner_client, training):
    rows = [["甲", id_number(11), "很多", "是", "否"], ["乙", id_number(11), "45", "也许", "否"]]
    page = html(post_upload(owner_client, training, TRAINEE_HEADER, rows))
    assert "第2行：累计课时：" in page
    assert "第3行：仍在本企业就业：请填“是”或“否”" in page
    assert not TrainingLine.objects.exists()


def test_op6_a_trainee_is_entered_once(owner_client, training):
    data = {
        "action": "add",
        "row-name": "甲",
        "row-id_number": id_number(11),
        "row-class_hours": "45",
        "row-still_employed": "true",
        "row-other_subsidy": "false",
    }
    assert owner_client.post(f"/hall/apply/{training.pk}/roster/", data).status_code == 302
    assert "该人员已在名单中" in html(owner_client.post(f"/hall/apply/{training.pk}/roster/", data))
    line = TrainingLine.objects.get()
    owner_client.post(f"/hall/apply/{training.pk}/roster/", {"action": "remove", "index": str(line.pk)})
    assert not TrainingLine.objects.exists()


def test_op6_cannot_be_submitted_without_a_roster(owner, training):
    with pytest.raises(svc.ApplyError, match="请先填写或上传参训学员花名册"):
        submit(owner, training)


def test_op6_is_prefilled_when_op3_was_granted(owner):
    op3_decided(owner, "OP3-GRANTED", Status.PAID)
    assert start(owner, "OP6").facts == {"received_op2_or_op3": "true"}


# ---- OP4 ----------------------------------------------------------------------------------------


@pytest.fixture
def opened(db):
    SubsidyType.objects.filter(policy="OP4").update(window_start=dt.date(2020, 5, 15))


@pytest.fixture
def agent_client(client, agent, opened):
    client.force_login(agent)
    return client


def placement(seq: int, **changes: str) -> list[str]:
    row = {
        "name": f"工人{seq}",
        "id_number": id_number(seq, "19900101"),
        "enterprise": "北京某超市有限公司",
        "enterprise_uscc": uscc(900),
        "start_date": "2020-03-02",
        "enterprise_posted_urgent": "是",
        "confirmed_by_enterprise": "是",
        "confirmed_by_agency": "是",
        "has_pay_proof": "是",
    }
    row.update(changes)
    return [row[c.name] for c in svc.PLACEMENT_COLUMNS]


def test_op4_counts_confirmed_placements_once_each(agent_client, agent):
    assert html(agent_client.get("/hall/apply/new/OP4/")).count("疫情防控期间（2020-01-24 至 2020-05-14）") == 1
    r = agent_client.post("/hall/apply/new/OP4/")
    assert r.status_code == 302
    claim = svc.existing_application(
        agent.organisation,
        SubsidyType.objects.get(policy="OP4"),
        svc.Period(dt.date(2020, 1, 24), dt.date(2020, 5, 14), ""),
    )
    rows = [placement(n) for n in range(1, 51)]
    rows.append(placement(1))  # the same worker again: counts once
    rows.append(placement(60, confirmed_by_agency="否"))  # not confirmed by both
    assert post_upload(agent_client, claim, PLACEMENT_HEADER, rows).status_code == 302
    claim.refresh_from_db()
    result = judge(claim, dt.date(2020, 6, 1))
    # 50 counted placements: the first tier, 24,000 yuan (OP4.2)
    assert result.amount == Decimal("24000.00")
    page = html(agent_client.get(f"/hall/apply/{claim.pk}/edit/"))
    assert_shows(page, "24,000.00 元", "已计入，不重复计算", "未经双方确认")


def test_op4_refuses_a_placement_outside_the_epidemic_control_period(agent_client, agent):
    agent_client.post("/hall/apply/new/OP4/")
    from wengang.subsidies.models import Application

    claim = Application.objects.get()
    page = html(post_upload(agent_client, claim, PLACEMENT_HEADER, [placement(1, start_date="2020-06-01")]))
    assert "第2行：上岗日期：上岗日期须在疫情防控期间（2020-01-24 至 2020-05-14）" in page


def test_op4_cannot_start_before_the_window_is_set(client, agent):
    client.force_login(agent)
    r = client.post("/hall/apply/new/OP4/")
    assert r.status_code == 200
    assert "该补贴尚未开放申请" in html(r)


def test_a_roster_is_read_by_the_shared_spreadsheet_reader(owner_client, training):
    # the same file checks and Chinese messages as the layoff named list (wengang/spreadsheets.py)
    not_excel = SimpleUploadedFile("名单.xlsx", b"name,id\n", content_type="application/vnd.ms-excel")
    page = html(owner_client.post(f"/hall/apply/{training.pk}/roster/", {"action": "upload", "roster-file": not_excel}))
    assert "无法读取文件：文件不是 Excel（.xlsx）格式" in page
    header_only = TRAINEE_HEADER[:-1]  # a required column missing
    page = html(post_upload(owner_client, training, header_only, [["甲", id_number(11), "45", "是"]]))
    assert "第1行缺少列：已申领其他培训补贴（请使用下载的模板，勿修改列名）" in page
    assert not TrainingLine.objects.exists()


# ---- hostile workbooks (issue 8, findings 11 and 12) ------------------------------------------


def test_a_roster_with_ten_million_blank_rows_is_refused_at_once(owner_client, training):
    # a 424 KB file of blank rows held the roster upload for 20 s
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.xlsx_bombs import workbook

    data = workbook([TRAINEE_HEADER, ["甲", id_number(11), "45", "是", "否"]], blank_rows=10_000_000)
    start_time = time.monotonic()
    response = owner_client.post(
        f"/hall/apply/{training.pk}/roster/",
        {"action": "upload", "roster-file": SimpleUploadedFile("名单.xlsx", data)},
    )
    assert time.monotonic() - start_time < 3
    assert response.status_code == 200
    assert "文件解压后异常膨胀" in html(response)
    assert not TrainingLine.objects.exists()


def test_blank_rows_count_toward_the_roster_row_limit():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.xlsx_bombs import workbook

    data = workbook([TRAINEE_HEADER, ["甲", id_number(11), "45", "是", "否"]], blank_rows=svc.MAX_ROSTER_ROWS)
    with pytest.raises(svc.ApplyError, match="工作表超过 2,000 行（空行也计入）"):
        svc.read_roster_file(SimpleUploadedFile("名单.xlsx", data), "trainees")


def test_a_shared_strings_bomb_is_refused_before_it_is_loaded():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.xlsx_bombs import workbook

    data = workbook([TRAINEE_HEADER], shared_strings=5_000_000)
    assert len(data) < 200_000
    with pytest.raises(svc.ApplyError, match="文件解压后异常膨胀"):
        svc.read_roster_file(SimpleUploadedFile("名单.xlsx", data), "trainees")
