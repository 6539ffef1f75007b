"""The learning record of a recorded lesson: what a heartbeat counts, and what a forged or
repeated one does not (it counts nothing and leaves a RejectedHeartbeat row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import service_day
from tests.training.setup import World
from wengang.training.learning import heartbeat, merge, presence_confirm, session_start
from wengang.training.models import LessonProgress, RejectedHeartbeat
from wengang.training.services import TrainingError

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2020, 6, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(settings, tmp_path):
    service_day(settings, "2020-06-01", tmp_path)
    settings.TRAINING_PRESENCE_CHECK_MINUTES = 10
    return World()


@pytest.fixture
def watching(world):
    """学员1 enrolled, watching a 10-minute lesson from T0."""
    lesson = world.lesson(600_000)
    enrolment, user = world.learner(1)
    session = session_start(user=user, lesson=lesson, now=T0)
    return lesson, enrolment, user, session


def beat(user, session, lesson, seq, start, end, at, rate=1, sent_at=None, token=None):
    payload = {
        "token": token or session.token,
        "lesson": lesson.pk,
        "seq": seq,
        "start_ms": start,
        "end_ms": end,
        "rate": rate,
        "sent_at": sent_at if sent_at is not None else int(at.timestamp() * 1000),
    }
    return heartbeat(user=user, payload=payload, now=at)


def counted(enrolment, lesson) -> int:
    return LessonProgress.objects.get(enrolment=enrolment, lesson=lesson).counted_ms


def test_watched_spans_count_at_normal_speed(watching):
    lesson, enrolment, user, session = watching
    assert beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20)).added_ms == 20_000
    assert beat(user, session, lesson, 2, 20_000, 40_000, T0 + dt.timedelta(seconds=40)).added_ms == 20_000
    assert counted(enrolment, lesson) == 40_000
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert progress.intervals == [[0, 40_000]]
    assert progress.by_day == {"2020-06-01": 40_000}


def test_double_speed_counts_the_positions_watched(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 40_000, T0 + dt.timedelta(seconds=20), rate=2)
    assert (result.state, result.added_ms) == ("ok", 40_000)


def test_a_retried_heartbeat_counts_once(watching):
    lesson, enrolment, user, session = watching
    at = T0 + dt.timedelta(seconds=20)
    beat(user, session, lesson, 1, 0, 20_000, at)
    again = beat(user, session, lesson, 1, 0, 20_000, at + dt.timedelta(seconds=1))
    assert (again.state, again.added_ms) == ("duplicate", 0)
    assert counted(enrolment, lesson) == 20_000


def test_seeking_ahead_counts_only_what_was_watched(watching):
    lesson, enrolment, user, session = watching
    beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    beat(user, session, lesson, 2, 300_000, 320_000, T0 + dt.timedelta(seconds=40))
    assert counted(enrolment, lesson) == 40_000
    assert LessonProgress.objects.get(enrolment=enrolment).intervals == [[0, 20_000], [300_000, 320_000]]


def test_overlapping_spans_count_once_and_are_logged(watching):
    lesson, enrolment, user, session = watching
    beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    result = beat(user, session, lesson, 2, 0, 20_000, T0 + dt.timedelta(seconds=40))
    assert result.added_ms == 0
    assert counted(enrolment, lesson) == 20_000
    assert RejectedHeartbeat.objects.get().reason == "与已计入的时段重叠，重叠部分不重复计入"


def test_a_span_faster_than_real_time_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 300_000, T0 + dt.timedelta(seconds=20))
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0
    assert RejectedHeartbeat.objects.get().reason == "观看进度快于实际时间"


def test_a_long_silence_does_not_allow_a_burst(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 400_000, T0 + dt.timedelta(minutes=5))
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0


def test_a_playback_rate_above_two_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), rate=3)
    assert result.state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "播放倍速 3 倍，超过2倍不计入"


def test_a_future_timestamp_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    at = T0 + dt.timedelta(seconds=20)
    result = beat(user, session, lesson, 1, 0, 20_000, at, sent_at=int((at + dt.timedelta(hours=1)).timestamp() * 1000))
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0
    assert RejectedHeartbeat.objects.get().reason == "记录时间晚于服务器时间"


def test_a_span_beyond_the_video_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 600_000, 620_000, T0 + dt.timedelta(seconds=20))
    assert result.state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "观看区间不在视频时长内"


def test_another_learners_session_counts_nothing(world, watching):
    lesson, enrolment, user, session = watching
    _, intruder = world.learner(2)
    result = beat(intruder, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0
    assert RejectedHeartbeat.objects.get().reason == "不是本人的学习会话"


def test_a_learner_not_enrolled_cannot_start_or_report(world, watching):
    lesson, enrolment, user, session = watching
    other_course_lesson = world.lesson(600_000)
    other_course_lesson.course = type(world.course).objects.create(provider=world.school, title="另一课程")
    other_course_lesson.save()
    with pytest.raises(TrainingError, match="未报名"):
        session_start(user=user, lesson=other_course_lesson, now=T0)
    result = beat(user, session, other_course_lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    assert result.state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "课节与学习会话不符（未报名该课节）"


def test_a_made_up_session_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), token="x" * 43)
    assert result.state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "学习会话不存在"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"token": "a", "lesson": "1; DROP", "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"token": ["a"], "lesson": 1, "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"token": "a", "lesson": 1, "seq": 10**30, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"token": "a", "lesson": 1, "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0, "rate": "NaN"},
    ],
)
def test_a_malformed_heartbeat_counts_nothing(watching, payload):
    lesson, enrolment, user, session = watching
    assert heartbeat(user=user, payload=payload, now=T0).state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "学习记录格式不正确"


def test_a_second_device_pauses_the_first(watching):
    lesson, enrolment, user, first = watching
    second = session_start(user=user, lesson=lesson, now=T0 + dt.timedelta(seconds=5))
    paused = beat(user, first, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    assert (paused.state, paused.added_ms) == ("paused", 0)
    assert beat(user, second, lesson, 1, 0, 15_000, T0 + dt.timedelta(seconds=20)).added_ms == 15_000
    assert counted(enrolment, lesson) == 15_000


def test_an_unanswered_presence_check_stops_counting(watching):
    lesson, enrolment, user, session = watching
    seq, at = 0, T0
    for position in range(0, 600_000, 20_000):  # 20-second reports for ten minutes
        seq, at = seq + 1, at + dt.timedelta(seconds=20)
        last = beat(user, session, lesson, seq, position, position + 20_000, at)
        if last.state != "ok":
            break
    assert last.state == "check"
    assert counted(enrolment, lesson) == 580_000  # 29 reports up to 9:40; the one at 10:00 is past the check
    presence_confirm(user=user, token=session.token, now=at)
    resumed = beat(user, session, lesson, seq + 1, 580_000, 600_000, at + dt.timedelta(seconds=20))
    assert resumed.added_ms == 20_000


def test_merge_keeps_intervals_disjoint():
    assert merge([[0, 10], [20, 30]], 5, 25) == ([[0, 30]], 10)
    assert merge([[0, 10]], 10, 20) == ([[0, 20]], 10)
    assert merge([[50, 60]], 0, 10) == ([[0, 10], [50, 60]], 10)
    assert merge([], 0, 0) == ([[0, 0]], 0)


def test_time_is_real_time(watching):
    assert timezone.is_aware(watching[3].started_at)


def test_a_report_delayed_in_a_queue_still_counts(watching):
    """Reports every 20 s build up a margin (up to two minutes); one held back 18 s and the next on
    time arrive 2 s apart, and both count."""
    lesson, enrolment, user, session = watching
    for seq in range(1, 4):
        beat(user, session, lesson, seq, (seq - 1) * 20_000, seq * 20_000, T0 + dt.timedelta(seconds=20 * seq))
    late = T0 + dt.timedelta(seconds=98)
    assert beat(user, session, lesson, 4, 60_000, 80_000, late).state == "ok"
    assert beat(user, session, lesson, 5, 80_000, 100_000, late + dt.timedelta(seconds=2)).state == "ok"
    assert counted(enrolment, lesson) == 100_000
