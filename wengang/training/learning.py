"""The learning record: sessions and heartbeats of recorded lessons.

The video page starts a session (one active per learner: a second device ends the first) and
reports, every 15–30 seconds, the span of the video it played since the last report. A span counts
only if it could be true — the learner's own, active session on this lesson, at most 2× speed
against the server's clock (a token bucket: 2 ms of video per ms, at most two minutes in hand), inside the video, not from the future — and only its part not counted
before (the watched positions are kept merged, so a retry or a replay adds nothing). After
``TRAINING_PRESENCE_CHECK_MINUTES`` nothing counts until the learner clicks 继续学习.

**The learning pass.** 2,000 learners send 100 heartbeats a second, so a heartbeat does not
read the Django session nor the user: it is authenticated by a *learning pass*, the server's
signature (``django.core.signing``, HMAC-SHA256 with ``SECRET_KEY``, timestamped) over the ids of
the learning session, the user, the enrolment and the lesson, issued when the lesson page opens
(a signed-in, enrolled learner) and again whenever the learner answers the presence check (also
signed in). The page sends it in the ``X-Learning-Pass`` header, never in a cookie: a browser adds
no such header to another site's request, and another site cannot read the pass, so the endpoint
needs no CSRF token. The pass expires :data:`PASS_SLACK` after the presence check is due, and it
counts only while its learning session is active: opening the lesson on a second device, or
signing out (:func:`sessions_close`), ends the session, and its pass then counts nothing.

One heartbeat is one read (session, progress and lesson joined) and one guarded write — on
PostgreSQL a single statement that locks, checks and updates both rows, on SQLite a short
transaction — with no lock held in between; no template is rendered.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone

from wengang import clock
from wengang.accounts.models import User

from .models import Enrolment, LearningSession, Lesson, LessonKind, LessonProgress, RejectedHeartbeat
from .services import TrainingError

log = logging.getLogger("wengang.training")

MAX_RATE = 2
#: slack for network jitter and the player's timer
SLACK_MS = 2000
#: the most video a session may have in hand: two minutes (a longer silence buys no more)
BUDGET_CAP_MS = 120_000
#: the client's clock may run this far ahead of ours
FUTURE_SLACK_MS = 5000


def heartbeat_seconds() -> int:
    return int(getattr(settings, "TRAINING_HEARTBEAT_SECONDS", 20))


def presence_check() -> dt.timedelta:
    return dt.timedelta(minutes=float(getattr(settings, "TRAINING_PRESENCE_CHECK_MINUTES", 10)))


# ---- intervals ----------------------------------------------------------------------------------


def merge(intervals: list[list[int]], start: int, end: int) -> tuple[list[list[int]], int]:
    """``intervals`` (sorted, disjoint) with [start, end) added, and how many ms were new."""
    covered = 0
    out: list[list[int]] = []
    lo, hi = start, end
    for a, b in intervals:
        if b < lo or a > hi:  # disjoint and not touching
            out.append([a, b])
            continue
        covered += max(0, min(b, end) - max(a, start))
        lo, hi = min(lo, a), max(hi, b)
    out.append([lo, hi])
    out.sort()
    return out, (end - start) - covered


# ---- sessions -----------------------------------------------------------------------------------


def enrolment_for(user: User, lesson: Lesson) -> Enrolment | None:
    if not user.is_authenticated or not user.id_number:
        return None
    return Enrolment.objects.filter(course_id=lesson.course_id, id_number=user.id_number).first()


def session_start(*, user: User, lesson: Lesson, now: dt.datetime | None = None) -> LearningSession:
    """A new watching session for an enrolled learner; any other active session of the learner ends."""
    if lesson.kind != LessonKind.VIDEO or not lesson.duration_ms:
        raise TrainingError("该课节不是录播视频")
    enrolment = enrolment_for(user, lesson)
    if enrolment is None:
        raise TrainingError("您未报名该课程，不能学习")
    now = now or timezone.now()
    with transaction.atomic():
        progress, _ = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
        LearningSession.objects.select_for_update().filter(user=user, active=True).update(active=False)
        return LearningSession.objects.create(
            token=secrets.token_urlsafe(32),
            user=user,
            progress=progress,
            started_at=now,
            last_at=now,
            check_due_at=now + presence_check(),
        )


def presence_confirm(*, user: User, token: str, now: dt.datetime | None = None) -> LearningSession:
    """继续学习: the learner answered the presence check; counting resumes from now."""
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            LearningSession.objects.select_for_update(of=("self",))
            .select_related("progress")
            .filter(token=token, user=user)
            .first()
        )
        if session is None or not session.active:
            raise TrainingError("学习会话已结束（可能在其他设备上打开了课程），请重新打开本课节")
        session.check_due_at = now + presence_check()
        session.last_at = now
        session.save(update_fields=["check_due_at", "last_at"])
    return session


def sessions_close(*, user_id: int) -> int:
    """Sign-out: the learner's open learning sessions end (their passes then count nothing)."""
    return LearningSession.objects.filter(user_id=user_id, active=True).update(active=False)


# ---- the learning pass --------------------------------------------------------------------------

PASS_SALT = "wengang.training.learning-pass"
PASS_HEADER = "X-Learning-Pass"
#: the pass outlives the presence check by this much; answering the check gives a new pass
PASS_SLACK = dt.timedelta(minutes=5)
#: a pass is about 80 characters; anything much longer is not one
PASS_MAX_CHARS = 200


@dataclass(frozen=True)
class LearningPass:
    """Who reports on which learning session: the server's signature over these four ids."""

    session_id: int
    user_id: int
    enrolment_id: int
    lesson_id: int


def pass_issue(session: LearningSession) -> str:
    """The signed pass of a learning session (``django.core.signing``: HMAC with SECRET_KEY, timestamped)."""
    ids = [session.pk, session.user_id, session.progress.enrolment_id, session.progress.lesson_id]
    return signing.dumps(ids, salt=PASS_SALT)


def pass_lifetime() -> dt.timedelta:
    return presence_check() + PASS_SLACK


class PassRefused(Exception):
    """A missing, altered or expired pass: the heartbeat counts nothing."""

    def __init__(self, reason: str, *, state: str = "rejected") -> None:
        super().__init__(reason)
        self.reason = reason
        self.state = state


def pass_read(value: str) -> LearningPass:
    """The pass's ids, if the server signed them less than :func:`pass_lifetime` ago."""
    if not value:
        raise PassRefused("缺少学习凭证，请重新打开本课节")
    if len(value) > PASS_MAX_CHARS:
        raise PassRefused("学习凭证无效")
    try:
        ids = signing.loads(value, salt=PASS_SALT, max_age=pass_lifetime())
    except signing.SignatureExpired:
        raise PassRefused("学习凭证已过期，请点击“继续学习”", state="expired") from None
    except (signing.BadSignature, ValueError):
        raise PassRefused("学习凭证无效") from None
    if not (isinstance(ids, list) and len(ids) == 4 and all(type(i) is int for i in ids)):
        raise PassRefused("学习凭证无效")
    return LearningPass(*ids)


# ---- heartbeats ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Beat:
    """The answer to a heartbeat: ``state`` is ok, duplicate, paused, check, expired or rejected;
    ``status`` the HTTP status (403 when the pass is missing, altered or expired)."""

    state: str
    added_ms: int = 0
    total_ms: int = 0
    message: str = ""
    status: int = 200

    def as_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"state": self.state, "added_ms": self.added_ms, "total_ms": self.total_ms}
        if self.message:
            answer["message"] = self.message
        return answer


def _reject(
    user_id: int | None, session_id: int | None, lesson_id: Any, reason: str, payload: Mapping[str, Any]
) -> Beat:
    RejectedHeartbeat.objects.create(
        user_id=user_id,
        session_id=session_id,
        lesson_id_claimed=lesson_id if isinstance(lesson_id, int) else None,
        reason=reason,
        # PostgreSQL's JSON has no NUL character: a hostile body is kept without its NULs
        payload={
            str(k)[:40].replace("\x00", ""): str(v)[:100].replace("\x00", "") for k, v in list(payload.items())[:20]
        },
    )
    log.warning("training heartbeat rejected: %s (user %s)", reason, user_id)
    return Beat("rejected", message=f"本次学习记录未计入：{reason}")


def _int(payload: Mapping[str, Any], key: str, upper: int = 2**53) -> int | None:
    value = payload.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or abs(value) > upper:
        return None
    return value


def _rate(payload: Mapping[str, Any]) -> float | None:
    value = payload.get("rate", 1)
    try:
        rate = float(value)
    except (TypeError, ValueError):
        return None
    return rate if rate == rate and 0 < rate < 100 else None  # NaN fails the first test


@dataclass(frozen=True)
class _Report:
    lesson_id: int
    seq: int
    start: int
    end: int
    sent_at: int
    rate: float


def _report(payload: Mapping[str, Any]) -> _Report | None:
    lesson_id, seq, start, end, sent_at = (_int(payload, k) for k in ("lesson", "seq", "start_ms", "end_ms", "sent_at"))
    rate = _rate(payload)
    if lesson_id is None or seq is None or start is None or end is None or sent_at is None or rate is None:
        return None
    return _Report(lesson_id, seq, start, end, sent_at, rate)


@dataclass(frozen=True)
class _Row:
    """A learning session with its progress and its lesson's duration, as one query reads them."""

    active: bool
    last_seq: int
    last_at: dt.datetime
    budget_ms: int
    check_due_at: dt.datetime
    user_id: int
    progress_id: int
    intervals: list[list[int]]
    counted_ms: int
    by_day: dict[str, int]
    enrolment_id: int
    lesson_id: int
    duration_ms: int


_S, _P, _L = LearningSession._meta.db_table, LessonProgress._meta.db_table, Lesson._meta.db_table
_READ = (
    "SELECT s.active, s.last_seq, s.last_at, s.budget_ms, s.check_due_at, s.user_id, s.progress_id,"
    " p.intervals, p.counted_ms, p.by_day, p.enrolment_id, p.lesson_id, l.duration_ms"
    f" FROM {_S} s JOIN {_P} p ON p.id = s.progress_id JOIN {_L} l ON l.id = p.lesson_id WHERE s.id = %s"
)
# Both writes are guarded by what was read (the session still active at the same ``last_seq``, the
# progress at the same ``counted_ms``, which grows with every change of it); a guard that fails
# means another request came between, and the heartbeat is judged again on what it left.
_WRITE_SESSION = (
    f"UPDATE {_S} SET last_at = %s, last_seq = %s, last_position_ms = %s, budget_ms = %s"
    " WHERE id = %s AND active AND last_seq = %s"
)
_WRITE_PROGRESS = (
    f"UPDATE {_P} SET intervals = %s, counted_ms = %s, by_day = %s, updated_at = %s WHERE id = %s AND counted_ms = %s"
)
# PostgreSQL: both rows locked and checked, then both written, in one statement (no BEGIN/COMMIT)
_WRITE_BOTH_PG = (
    f"WITH ok AS (SELECT s.id AS sid, p.id AS pid FROM {_S} s JOIN {_P} p ON p.id = s.progress_id"
    "   WHERE s.id = %s AND s.active AND s.last_seq = %s AND p.counted_ms = %s FOR UPDATE OF s, p),"
    f" s AS (UPDATE {_S} SET last_at = %s, last_seq = %s, last_position_ms = %s, budget_ms = %s"
    "   WHERE id IN (SELECT sid FROM ok))"
    f" UPDATE {_P} SET intervals = %s::jsonb, counted_ms = %s, by_day = %s::jsonb, updated_at = %s"
    " WHERE id IN (SELECT pid FROM ok)"
)


def _aware(value: Any) -> dt.datetime:
    """A timestamp as the driver gives it (SQLite: naive UTC, or text) made aware."""
    moment: dt.datetime = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _read(session_id: int) -> _Row | None:
    with connection.cursor() as cursor:
        cursor.execute(_READ, [session_id])
        found = cursor.fetchone()
    if found is None:
        return None
    active, last_seq, last_at, budget, check_due, user_id, progress_id, intervals, counted, by_day, *rest = found
    return _Row(
        bool(active),
        last_seq,
        _aware(last_at),
        budget,
        _aware(check_due),
        user_id,
        progress_id,
        json.loads(intervals) if isinstance(intervals, str) else intervals,
        counted,
        json.loads(by_day) if isinstance(by_day, str) else by_day,
        *rest,
    )


class _Moved(Exception):
    """Another request changed the session or its progress since they were read."""


def _write(
    session_id: int, row: _Row, report: _Report, *, end: int, budget: int, added: int, intervals: Any, now: dt.datetime
) -> bool:
    """Store an accepted report; False if a guard failed (nothing is written then)."""
    at = connection.ops.adapt_datetimefield_value(now)
    session_set: list[Any] = [at, report.seq, end, budget]
    progress_set: list[Any] = []
    if added:
        day = clock.today().isoformat()
        by_day = dict(row.by_day)
        by_day[day] = int(by_day.get(day, 0)) + added
        progress_set = [json.dumps(intervals), row.counted_ms + added, json.dumps(by_day), at]
    with connection.cursor() as cursor:
        if not added:
            cursor.execute(_WRITE_SESSION, [*session_set, session_id, row.last_seq])
            return bool(cursor.rowcount == 1)
        if connection.vendor == "postgresql":
            cursor.execute(_WRITE_BOTH_PG, [session_id, row.last_seq, row.counted_ms, *session_set, *progress_set])
            return bool(cursor.rowcount == 1)
        try:
            with transaction.atomic():
                cursor.execute(_WRITE_SESSION, [*session_set, session_id, row.last_seq])
                if cursor.rowcount != 1:
                    raise _Moved
                cursor.execute(_WRITE_PROGRESS, [*progress_set, row.progress_id, row.counted_ms])
                if cursor.rowcount != 1:
                    raise _Moved
        except _Moved:
            return False
    return True


def heartbeat(*, credential: str, payload: Mapping[str, Any], now: dt.datetime | None = None) -> Beat:
    """Record one report ``{lesson, seq, start_ms, end_ms, rate, sent_at}`` sent with the learning
    pass ``credential`` (see the module doc). One read and one guarded write: no lock is held
    between them; if the write's guard finds the rows moved on, the report is judged again."""
    now = now or timezone.now()
    try:
        learner = pass_read(credential)
    except PassRefused as refused:
        if credential:  # an altered or expired pass is kept; no pass at all is no heartbeat (a stray request)
            RejectedHeartbeat.objects.create(
                reason=refused.reason, payload={"pass": credential[:100].replace("\x00", "")}
            )
        log.warning("training heartbeat refused: %s", refused.reason)
        return Beat(refused.state, message=refused.reason, status=403)
    report = _report(payload)
    user_id, session_id = learner.user_id, learner.session_id
    if report is None:
        return _reject(user_id, session_id, _int(payload, "lesson"), "学习记录格式不正确", payload)
    if report.lesson_id != learner.lesson_id:
        return _reject(user_id, session_id, report.lesson_id, "课节与学习会话不符（未报名该课节）", payload)
    if report.sent_at > now.timestamp() * 1000 + FUTURE_SLACK_MS:
        return _reject(user_id, session_id, report.lesson_id, "记录时间晚于服务器时间", payload)
    for _ in range(3):
        row = _read(session_id)
        if row is None:
            return _reject(user_id, None, report.lesson_id, "学习会话不存在", payload)
        if (row.user_id, row.enrolment_id, row.lesson_id) != (user_id, learner.enrolment_id, learner.lesson_id):
            return _reject(user_id, session_id, report.lesson_id, "不是本人的学习会话", payload)
        if not row.active:
            return Beat("paused", total_ms=row.counted_ms, message="您已在其他设备上打开课程，本页已暂停计时")
        if report.seq <= row.last_seq:  # a retry of a report already counted
            return Beat("duplicate", total_ms=row.counted_ms)
        if report.rate > MAX_RATE:
            return _reject(
                user_id, session_id, report.lesson_id, f"播放倍速 {report.rate:g} 倍，超过2倍不计入", payload
            )
        start, end = report.start, report.end
        if start < 0 or end <= start or end > row.duration_ms + SLACK_MS:
            return _reject(user_id, session_id, report.lesson_id, "观看区间不在视频时长内", payload)
        end = min(end, row.duration_ms)
        elapsed_ms = max(0, int((now - row.last_at).total_seconds() * 1000))
        budget = min(row.budget_ms + elapsed_ms * MAX_RATE, BUDGET_CAP_MS)
        if end - start > budget + SLACK_MS:
            return _reject(user_id, session_id, report.lesson_id, "观看进度快于实际时间", payload)
        budget = max(0, budget - (end - start))
        if now >= row.check_due_at:
            return Beat("check", total_ms=row.counted_ms, message="请点击“继续学习”确认您仍在学习，确认前不计时")
        intervals, added = merge(row.intervals, start, end)
        if _write(session_id, row, report, end=end, budget=budget, added=added, intervals=intervals, now=now):
            break
    else:
        return Beat("busy", message="学习记录繁忙，本次未计入，请稍后继续")
    if (end - start) - added > SLACK_MS:
        _reject(user_id, session_id, report.lesson_id, "与已计入的时段重叠，重叠部分不重复计入", payload)
    return Beat("ok", added_ms=added, total_ms=row.counted_ms + added)
