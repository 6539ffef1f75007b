"""The learning record of a recorded lesson: what a heartbeat counts, and what a forged or
repeated one does not (it counts nothing and leaves a RejectedHeartbeat row). A heartbeat comes
with the learning pass of its session (``pass_issue``); the user is the pass's."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time

import pytest
from django.core import signing
from django.utils import timezone

from tests.factories import service_day
from tests.training.setup import World
from wengang.training import learning
from wengang.training.learning import PASS_SALT, heartbeat, merge, pass_issue, presence_confirm, session_start
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


def beat(user, session, lesson, seq, start, end, at, rate=1, sent_at=None, credential=None):
    """A report of ``session`` (of ``user``) with its pass, at ``at``."""
    assert session.user_id == user.pk
    payload = {
        "lesson": lesson.pk,
        "seq": seq,
        "start_ms": start,
        "end_ms": end,
        "rate": rate,
        "sent_at": sent_at if sent_at is not None else int(at.timestamp() * 1000),
    }
    return heartbeat(credential=credential or pass_issue(session), payload=payload, now=at)


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


@pytest.mark.parametrize(
    ("start", "end", "after", "rate", "sent_ahead", "reason"),
    [
        pytest.param(0, 300_000, dt.timedelta(seconds=20), 1, None, "观看进度快于实际时间", id="faster-than-real-time"),
        # a long silence does not allow a burst
        pytest.param(0, 400_000, dt.timedelta(minutes=5), 1, None, None, id="burst-after-silence"),
        pytest.param(0, 20_000, dt.timedelta(seconds=20), 3, None, "播放倍速 3 倍，超过2倍不计入", id="rate-above-two"),
        pytest.param(
            0, 20_000, dt.timedelta(seconds=20), 1, dt.timedelta(hours=1), "记录时间晚于服务器时间", id="future-timestamp"
        ),
        pytest.param(600_000, 620_000, dt.timedelta(seconds=20), 1, None, "观看区间不在视频时长内", id="beyond-the-video"),
    ],
)
def test_a_span_that_breaks_a_rule_counts_nothing(watching, start, end, after, rate, sent_ahead, reason):
    """Refused and counting nothing: a span watched faster than real time (also after a long silence),
    at more than 2×, sent from the future, or beyond the video's end; the reason logged where given."""
    lesson, enrolment, user, session = watching
    at = T0 + after
    sent_at = int((at + sent_ahead).timestamp() * 1000) if sent_ahead else None
    result = beat(user, session, lesson, 1, start, end, at, rate=rate, sent_at=sent_at)
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0
    if reason:
        assert RejectedHeartbeat.objects.get().reason == reason


def tampered(credential: str, session_id: int) -> str:
    """``credential`` with the session id in its signed part changed, the signature kept."""
    data, timestamp, signature = credential.split(":")
    ids = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    ids[0] = session_id
    forged = base64.urlsafe_b64encode(json.dumps(ids, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{forged}:{timestamp}:{signature}"


def test_another_learners_session_counts_nothing(world, watching):
    """The intruder, enrolled and watching too, puts the victim's session id into their own pass."""
    lesson, enrolment, user, session = watching
    _, intruder = world.learner(2)
    own = session_start(user=intruder, lesson=lesson, now=T0)
    result = beat(
        intruder,
        own,
        lesson,
        1,
        0,
        20_000,
        T0 + dt.timedelta(seconds=20),
        credential=tampered(pass_issue(own), session.pk),
    )
    assert (result.state, result.status) == ("rejected", 403)
    assert counted(enrolment, lesson) == 0
    assert RejectedHeartbeat.objects.get().reason == "学习凭证无效"


def test_a_pass_signed_with_another_key_counts_nothing(watching, settings):
    lesson, enrolment, user, session = watching
    settings.SECRET_KEY = "a-guess-" * 8
    forged = pass_issue(session)
    settings.SECRET_KEY = "the-server-key-" * 4
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), credential=forged)
    assert (result.state, result.message) == ("rejected", "学习凭证无效")
    assert counted(enrolment, lesson) == 0


def test_a_pass_whose_ids_disagree_with_the_record_counts_nothing(world, watching):
    """Were the key ever to leak: a pass naming another learner as the session's owner."""
    lesson, enrolment, user, session = watching
    _, intruder = world.learner(2)
    ids = [session.pk, intruder.pk, enrolment.pk, lesson.pk]
    result = beat(
        user,
        session,
        lesson,
        1,
        0,
        20_000,
        T0 + dt.timedelta(seconds=20),
        credential=signing.dumps(ids, salt=PASS_SALT),
    )
    assert result.state == "rejected"
    assert counted(enrolment, lesson) == 0
    assert RejectedHeartbeat.objects.get().reason == "不是本人的学习会话"


def test_an_expired_pass_counts_nothing_until_the_presence_check_gives_a_new_one(watching, monkeypatch):
    lesson, enrolment, user, session = watching
    old = pass_issue(session)
    later = time.time() + (10 + 5) * 60 + 1  # the presence check (10 minutes) and five minutes more
    monkeypatch.setattr(signing.time, "time", lambda: later)
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), credential=old)
    assert (result.state, result.status, result.added_ms) == ("expired", 403, 0)
    assert RejectedHeartbeat.objects.get().reason == "学习凭证已过期，请点击“继续学习”"
    fresh = pass_issue(presence_confirm(user=user, token=session.token, now=T0 + dt.timedelta(seconds=20)))
    again = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=40), credential=fresh)
    assert (again.state, again.added_ms) == ("ok", 20_000)


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


def test_a_made_up_pass_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), credential="x" * 43)
    assert (result.state, result.status) == ("rejected", 403)
    assert RejectedHeartbeat.objects.get().reason == "学习凭证无效"


def test_the_pass_of_a_session_that_is_gone_counts_nothing(watching):
    lesson, enrolment, user, session = watching
    credential = pass_issue(session)
    session.delete()
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), credential=credential)
    assert result.state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "学习会话不存在"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"lesson": "1; DROP", "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"lesson": ["a"], "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"lesson": 1, "seq": 10**30, "start_ms": 0, "end_ms": 1, "sent_at": 0},
        {"lesson": 1, "seq": 1, "start_ms": 0, "end_ms": 1, "sent_at": 0, "rate": "NaN"},
    ],
)
def test_a_malformed_heartbeat_counts_nothing(watching, payload):
    lesson, enrolment, user, session = watching
    assert heartbeat(credential=pass_issue(session), payload=payload, now=T0).state == "rejected"
    assert RejectedHeartbeat.objects.get().reason == "学习记录格式不正确"


@pytest.mark.parametrize("sent_at", [2**53, -(2**53)])
def test_a_timestamp_beyond_any_calendar_is_answered(watching, sent_at):
    """Far beyond year 9999 a datetime cannot hold it; the comparison is in milliseconds."""
    lesson, enrolment, user, session = watching
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20), sent_at=sent_at)
    assert result.state == ("rejected" if sent_at > 0 else "ok")


def test_a_report_racing_its_retry_counts_once(watching, monkeypatch):
    """The retry is read before the first report is written: its guarded write finds the session
    moved on, and judged again it is a duplicate."""
    lesson, enrolment, user, session = watching
    at = T0 + dt.timedelta(seconds=20)
    stale = learning._read(session.pk)
    assert beat(user, session, lesson, 1, 0, 20_000, at).added_ms == 20_000
    reads = iter([stale])
    real = learning._read
    monkeypatch.setattr(learning, "_read", lambda session_id: next(reads, None) or real(session_id))
    again = beat(user, session, lesson, 1, 0, 20_000, at)
    assert (again.state, again.added_ms, again.total_ms) == ("duplicate", 0, 20_000)
    assert counted(enrolment, lesson) == 20_000
    assert LessonProgress.objects.get(enrolment=enrolment).by_day == {"2020-06-01": 20_000}


def test_signing_out_ends_the_learning_session(client, watching):
    lesson, enrolment, user, session = watching
    client.force_login(user)
    client.post("/accounts/logout/")
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    assert (result.state, result.added_ms) == ("paused", 0)


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


def test_a_report_that_keeps_losing_the_race_counts_nothing_and_says_so(watching, monkeypatch):
    lesson, enrolment, user, session = watching
    monkeypatch.setattr(learning, "_write", lambda *args, **kwargs: False)
    result = beat(user, session, lesson, 1, 0, 20_000, T0 + dt.timedelta(seconds=20))
    assert (result.state, result.added_ms, result.message) == ("busy", 0, "学习记录繁忙，本次未计入，请稍后继续")
    assert counted(enrolment, lesson) == 0
