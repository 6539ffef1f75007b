"""Offline lessons count by attendance sheet (live ones by their room's stays, ``test_live``):
whole minutes per enrolled trainee, a new sheet for a lesson replaces the old one, nothing is kept
when a row is wrong, and the minutes add to the online ones in the engine's class hours."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import id_number, xlsx_upload
from wengang.training.models import Enrolment, LessonKind
from wengang.training.records import people
from wengang.training.services import (
    ATTENDANCE_COLUMNS,
    EnrolmentRowsError,
    TrainingError,
    attendance_import,
    lesson_add_session,
)

pytestmark = pytest.mark.django_db
HEADER = [c.header for c in ATTENDANCE_COLUMNS]


def test_a_sheet_sets_each_trainees_offline_minutes_and_a_new_sheet_replaces_it(world):
    first = lesson_add_session(course=world.course, title="集中授课一", kind=LessonKind.OFFLINE)
    second = lesson_add_session(course=world.course, title="集中授课二", kind=LessonKind.OFFLINE)
    a, _ = world.learner(1)
    b, _ = world.learner(2)
    attendance_import(user=world.staff, lesson=first, upload=xlsx_upload(HEADER, [["学员1", id_number(1), 300]]))
    attendance_import(
        user=world.staff,
        lesson=second,
        upload=xlsx_upload(HEADER, [["学员1", id_number(1), 600], ["学员2", id_number(2), 90]]),
    )
    attendance_import(user=world.staff, lesson=first, upload=xlsx_upload(HEADER, [["学员1", id_number(1), 240]]))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.offline_minutes, b.offline_minutes) == (840, 90)
    (person,) = [p for p in people([a], dt.date(2020, 1, 1), dt.date(2020, 12, 31), dt.date(2020, 6, 1))]
    assert person.hours is not None and str(person.hours.hours) == "18.66"


def test_a_bad_row_keeps_nothing(world):
    lesson = lesson_add_session(course=world.course, title="集中授课", kind=LessonKind.OFFLINE)
    world.learner(1)
    rows = [
        ["学员1", id_number(1), 300],
        ["外人", id_number(9), 60],
        ["学员1", id_number(1), 30],
        ["学员1", id_number(1), "三小时"],
    ]
    with pytest.raises(EnrolmentRowsError) as caught:
        attendance_import(user=world.staff, lesson=lesson, upload=xlsx_upload(HEADER, rows))
    assert caught.value.errors == [
        f"第3行：{id_number(9)[:6]}********{id_number(9)[-4:]} 未报名本课程",
        "第4行：身份证号码与第2行重复",
        "第5行：身份证号码与第2行重复",
    ]
    assert Enrolment.objects.get().offline_minutes == 0


def test_a_live_lesson_needs_its_times_and_a_video_takes_no_sheet(world):
    with pytest.raises(TrainingError, match="直播课须填写开始和结束时间"):
        lesson_add_session(course=world.course, title="直播", kind=LessonKind.LIVE)
    video = world.lesson()
    with pytest.raises(TrainingError, match="不导入签到表"):
        attendance_import(user=world.staff, lesson=video, upload=xlsx_upload(HEADER, [["学员1", id_number(1), 30]]))
    start = dt.datetime(2020, 6, 2, 19, 0, tzinfo=dt.UTC)
    live = lesson_add_session(
        course=world.course, title="直播", kind=LessonKind.LIVE, starts_at=start,
        ends_at=start + dt.timedelta(hours=1), room_url="https://live.example.com/1",
    )
    with pytest.raises(TrainingError, match="直播课按进入、离开直播间的记录计时，不导入签到表"):
        attendance_import(user=world.staff, lesson=live, upload=xlsx_upload(HEADER, [["学员1", id_number(1), 30]]))
