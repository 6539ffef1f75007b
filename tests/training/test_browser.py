"""The training story in a real browser (Chromium via Playwright on the live server).

A trainee with 1,799.95 minutes already on the record watches a six-second recorded lesson on the
video page; the page's heartbeats add about six seconds and she passes 1,800 minutes = 40 课时.
The provider sees her in 实时查看 while she watches and exports the course roster; the firm's page
lists her and a colleague at 40 hours, and its OP6 draft carries both with the engine's 2,000.00
元; the reviewer opens the learning record behind each trainee.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.factories import PASSWORD, id_number, make_organisation, make_reviewer, make_user, pdf_upload
from tests.training.setup import video_upload
from wengang.accounts.models import Role
from wengang.subsidies.models import Application, Status, SubsidyType
from wengang.training.models import Course, Enrolment, Lesson, LessonProgress
from wengang.training.services import commission_record, lesson_add_video

from ..browser import DESKTOP, restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = None  # set WENGANG_SHOTS=/tmp/dir to keep screenshots


def _minutes(value: str) -> int:
    return int(Decimal(value) * 60000)


@pytest.fixture
def world(settings, tmp_path):
    settings.WENGANG_TODAY = "2020-06-01"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TRAINING_HEARTBEAT_SECONDS = 2
    school = make_organisation(910, "北京朝阳职业技能培训学校", kind="training")
    firm = make_organisation(911, "北京启程科技有限公司")
    staff = make_user("peixun", Role.PROVIDER, organisation=school, first_name="王老师")
    firm_user = make_user("qiye", Role.ENTERPRISE, organisation=firm)
    make_reviewer("shenhe", "vocational-skills")
    # the firm received OP3 (OP6 needs OP2 or OP3)
    Application.objects.create(
        reference="OP3-20200501-TEST",
        organisation=firm,
        subsidy_type=SubsidyType.objects.get(policy="OP3"),
        period_start="2020-02-01",
        period_end="2020-04-30",
        applicant=firm_user,
        status=Status.APPROVED,
    )
    commission_record(user=staff, enterprise=firm, licence_number="京朝教民110105001号", upload=pdf_upload())
    course = Course.objects.create(provider=school, title="电工岗位技能提升")
    earlier = Lesson.objects.create(course=course, title="前期课程", duration_ms=_minutes("2000"))
    lesson = lesson_add_video(course=course, title="安全用电", upload=video_upload(6))
    people = []
    for seq, (name, before) in enumerate([("李娜", "1799.95"), ("张伟", "1800")], start=1):
        idn = id_number(seq)
        enrolment = Enrolment.objects.create(course=course, name=name, id_number=idn, employer=firm, enrolled_by=staff)
        ms = _minutes(before)
        LessonProgress.objects.create(
            enrolment=enrolment, lesson=earlier, intervals=[[0, ms]], counted_ms=ms, by_day={"2020-05-20": ms}
        )
        people.append(enrolment)
    make_user("xueyuan", Role.INDIVIDUAL, id_number=id_number(1), first_name="李娜")
    return {"lesson": lesson, "course": course, "li": people[0]}


page = tab_fixture(DESKTOP)


def test_a_trainee_reaches_40_hours_and_the_firms_op6_draft_lists_her(world, page, live_server):
    lesson, li = world["lesson"], world["li"]
    sign_in(page, "xueyuan", PASSWORD)
    page.goto(f"/training/lessons/{lesson.pk}/")
    page.wait_for_selector("video")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")

    # the provider sees her learning now
    provider = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(provider, "peixun", PASSWORD)
    provider.goto("/training/live/")
    assert "李娜" in provider.locator("main").inner_text()
    assert li.masked_id_number in provider.locator("main").inner_text()

    page.wait_for_function("() => document.querySelector('video').ended", timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('[data-counted]').textContent.trim() >= '0:05'", timeout=15_000
    )
    assert page.locator("[data-counted]").inner_text() in ("0:05", "0:06")

    # the provider exports the course roster with hours
    provider.goto(f"/training/courses/{world['course'].pk}/")
    with provider.expect_download() as download:
        provider.get_by_role("link", name="导出学员名单及课时（Excel）").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["张伟"][6] == 40 and rows["张伟"][7] == "是"
    provider.context.close()
    sign_out(page)

    # the firm: both reached 40 class hours; the draft carries them with the engine's amount
    sign_in(page, "qiye", PASSWORD)
    page.goto("/training/employees/")
    text = page.locator("main").inner_text()
    assert "按政策规则计入 2 人，补贴 2,000.00 元" in text
    assert "合 40.00 课时，达到 40 课时（OP6）" in text
    page.get_by_role("button", name="生成 OP6 申请草稿").click()
    page.wait_for_selector("text=已按学习记录生成 OP6 申请草稿，名单 2 人")
    application_pk = page.url.rstrip("/").rsplit("/", 1)[1]
    sign_out(page)

    # the reviewer reads the record behind each trainee
    sign_in(page, "shenhe", PASSWORD)
    page.goto(f"/training/record/{application_pk}/")
    record = page.locator("main").inner_text()
    assert "李娜" in record and "安全用电" in record and "前期课程" in record
    assert li.id_number not in record


@pytest.fixture
def live_lesson(world):
    """A live lesson of the course, scheduled ten minutes from now (the provider may start it)."""
    import datetime as dt

    from wengang import clock
    from wengang.training.services import lesson_add_session

    start = clock.now() + dt.timedelta(minutes=10)
    return lesson_add_session(
        course=world["course"], title="安全生产直播", kind="live", starts_at=start,
        ends_at=start + dt.timedelta(minutes=90), room_url="https://live.example.com/room/1",
    )


def test_the_provider_starts_a_live_lesson_and_a_trainee_joins_and_leaves(world, live_lesson, page, live_server):
    from playwright.sync_api import expect

    lesson = live_lesson
    provider = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(provider, "peixun", PASSWORD)
    provider.goto(f"/training/lessons/{lesson.pk}/room/")
    provider.get_by_role("button", name="开始直播").click()
    expect(provider.locator("main")).to_contain_text("直播已开始，学员现在可以进入直播")

    sign_in(page, "xueyuan", PASSWORD)
    page.goto(f"/training/lessons/{lesson.pk}/")
    page.get_by_role("button", name="进入直播").click()
    expect(page.locator("main")).to_contain_text("已进入直播")
    expect(page.get_by_role("link", name="打开直播间")).to_have_attribute("href", "https://live.example.com/room/1")

    provider.goto(f"/training/lessons/{lesson.pk}/room/")
    expect(provider.locator("#room-now")).to_contain_text("李娜")
    provider.context.close()

    page.get_by_role("button", name="离开直播").click()
    expect(page.locator("main")).to_contain_text("已离开直播")
    expect(page.get_by_role("button", name="进入直播")).to_be_visible()
