"""The learning record: sessions and heartbeats of recorded lessons.

The video page starts a session (one active per learner: a second device ends the first) and
reports, every 15–30 seconds, the span of the video it played since the last report. A span counts
only if it could be true — the learner's own, active session on this lesson, at most 2× speed
against the server's clock (a token bucket: 2 ms of video per ms, at most two minutes in hand), inside the video, not from the future — and only its part not counted
before (the watched positions are kept merged, so a retry or a replay adds nothing). After
``TRAINING_PRESENCE_CHECK_MINUTES`` nothing counts until the learner clicks 继续学习.

The heartbeat is one locking read and two updates; no template is rendered.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
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
FUTURE_SLACK = dt.timedelta(seconds=5)


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
        session = LearningSession.objects.select_for_update().filter(token=token, user=user).first()
        if session is None or not session.active:
            raise TrainingError("学习会话已结束（可能在其他设备上打开了课程），请重新打开本课节")
        session.check_due_at = now + presence_check()
        session.last_at = now
        session.save(update_fields=["check_due_at", "last_at"])
    return session


# ---- heartbeats ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Beat:
    """The answer to a heartbeat: ``state`` is ok, duplicate, paused, check or rejected."""

    state: str
    added_ms: int = 0
    total_ms: int = 0
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        minutes = (Decimal(self.total_ms) / 60000).quantize(Decimal("0.01"))
        return {
            "state": self.state,
            "added_ms": self.added_ms,
            "total_ms": self.total_ms,
            "minutes": f"{minutes}",
            "message": self.message,
        }


def _reject(
    user: User, session: LearningSession | None, lesson_id: Any, reason: str, payload: Mapping[str, Any]
) -> Beat:
    RejectedHeartbeat.objects.create(
        user=user if user.is_authenticated else None,
        session=session,
        lesson_id_claimed=lesson_id if isinstance(lesson_id, int) else None,
        reason=reason,
        # PostgreSQL's JSON has no NUL character: a hostile body is kept without its NULs
        payload={
            str(k)[:40].replace("\x00", ""): str(v)[:100].replace("\x00", "") for k, v in list(payload.items())[:20]
        },
    )
    log.warning("training heartbeat rejected: %s (user %s)", reason, getattr(user, "pk", None))
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


def heartbeat(*, user: User, payload: Mapping[str, Any], now: dt.datetime | None = None) -> Beat:
    """Record one report ``{token, lesson, seq, start_ms, end_ms, rate, sent_at}`` (see module doc)."""
    now = now or timezone.now()
    token = payload.get("token")
    lesson_id = _int(payload, "lesson")
    seq, start, end = _int(payload, "seq"), _int(payload, "start_ms"), _int(payload, "end_ms")
    sent_at, rate = _int(payload, "sent_at"), _rate(payload)
    if not isinstance(token, str) or len(token) > 64 or None in (lesson_id, seq, start, end, sent_at, rate):
        return _reject(user, None, lesson_id, "学习记录格式不正确", payload)
    assert seq is not None and start is not None and end is not None and sent_at is not None and rate is not None
    with transaction.atomic():
        session = (
            LearningSession.objects.select_for_update(of=("self", "progress"))
            .select_related("progress__lesson")
            .filter(token=token)
            .first()
        )
        if session is None:
            return _reject(user, None, lesson_id, "学习会话不存在", payload)
        progress = session.progress
        if session.user_id != user.pk:
            return _reject(user, session, lesson_id, "不是本人的学习会话", payload)
        if progress.lesson_id != lesson_id:
            return _reject(user, session, lesson_id, "课节与学习会话不符（未报名该课节）", payload)
        if not session.active:
            return Beat("paused", total_ms=progress.counted_ms, message="您已在其他设备上打开课程，本页已暂停计时")
        if seq <= session.last_seq:  # a retry of a report already counted
            return Beat("duplicate", total_ms=progress.counted_ms)
        if dt.datetime.fromtimestamp(sent_at / 1000, tz=dt.UTC) > now + FUTURE_SLACK:
            return _reject(user, session, lesson_id, "记录时间晚于服务器时间", payload)
        if rate > MAX_RATE:
            return _reject(user, session, lesson_id, f"播放倍速 {rate:g} 倍，超过2倍不计入", payload)
        duration = progress.lesson.duration_ms
        if start < 0 or end <= start or end > duration + SLACK_MS:
            return _reject(user, session, lesson_id, "观看区间不在视频时长内", payload)
        end = min(end, duration)
        elapsed_ms = max(0, int((now - session.last_at).total_seconds() * 1000))
        budget = min(session.budget_ms + elapsed_ms * MAX_RATE, BUDGET_CAP_MS)
        if end - start > budget + SLACK_MS:
            return _reject(user, session, lesson_id, "观看进度快于实际时间", payload)
        budget = max(0, budget - (end - start))
        if now >= session.check_due_at:
            return Beat("check", total_ms=progress.counted_ms, message="请点击“继续学习”确认您仍在学习，确认前不计时")
        intervals, added = merge(list(progress.intervals), start, end)
        overlap = (end - start) - added
        if added:
            day = clock.today().isoformat()
            by_day = dict(progress.by_day)
            by_day[day] = int(by_day.get(day, 0)) + added
            LessonProgress.objects.filter(pk=progress.pk).update(
                intervals=intervals, counted_ms=progress.counted_ms + added, by_day=by_day, updated_at=now
            )
        LearningSession.objects.filter(pk=session.pk).update(
            last_at=now, last_seq=seq, last_position_ms=end, budget_ms=budget
        )
    if overlap > SLACK_MS:
        _reject(user, session, lesson_id, "与已计入的时段重叠，重叠部分不重复计入", payload)
    return Beat("ok", added_ms=added, total_ms=progress.counted_ms + added)
