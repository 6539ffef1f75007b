"""Live lessons: the provider starts and ends the room (a declared ``wengang.cases`` workflow, each
move an audit row); enrolled trainees join and leave, and each stay is kept as an interval.

A stay ends on the page's 离开 button, or — when the browser was closed — at its last presence
ping once no ping came for ``PRESENCE_TIMEOUT``. A trainee has at most one open stay per room (a
second 进入直播 while in is refused). When the provider ends the lesson, each trainee's attended
time is the union of their stays clipped to the actual start–end, and it is written to the same
learning record as a recorded lesson (``LessonProgress``: intervals in ms from the actual start,
ms per service day), so it counts toward class hours exactly like recorded minutes — through the
engine's conversion (``wengang.policy.class_hours``, OP6), nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.workflow import Effect, Guard, Move, TransitionError, Workflow, transition

from .learning import enrolment_for, merge
from .models import Enrolment, Lesson, LessonKind, LessonProgress, LiveSession, LiveStatus, LiveVisit, clock_text
from .services import TrainingError, may_manage_course

S = LiveStatus
PROVIDER = "provider"
#: the provider may open the room this long before the scheduled start (to check sound and picture
#: with the first arrivals). Not a rule of the notice: the platform's choice, kept here with its reason.
START_EARLY = dt.timedelta(minutes=30)
#: the live page pings every ``PING_SECONDS``; a stay with no ping for ``PRESENCE_TIMEOUT`` (three
#: missed pings) ended at its last ping (the browser was closed or the network lost)
PING_SECONDS = 30
PRESENCE_TIMEOUT = dt.timedelta(seconds=90)
MS_PER_MINUTE = Decimal(60000)


def check_room_url(url: str) -> str:
    """The live room's link: an https address of the provider's streaming platform."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname or len(url) > 500:
        raise TrainingError("直播间链接须为以 https:// 开头的网址（直播平台提供的直播间地址）")
    return url


# ---- the provider's moves -------------------------------------------------------------------------


def _parties(user: User, live: LiveSession) -> set[str]:
    return {PROVIDER} if may_manage_course(user, live.lesson.course) else set()


def _not_too_early(live: LiveSession, actor: Any) -> str | None:
    starts_at = live.lesson.starts_at
    if live.started_at is not None and starts_at is not None and live.started_at < starts_at - START_EARLY:
        opens = timezone.localtime(starts_at - START_EARLY)
        return f"直播计划于 {timezone.localtime(starts_at):%Y年%m月%d日 %H:%M} 开始，{opens:%H:%M} 起才能开始直播"
    return None


def _ended(live: LiveSession, actor: Any, reason: str) -> Effect:
    """Close every open stay and write each trainee's attended time to the learning record."""
    assert live.started_at is not None and live.ended_at is not None
    written = _write_attendance(live)
    return Effect(payload={"trainees": written})


NOT_TOO_EARLY = Guard("开始时间", _not_too_early, on_input=True)

LIVE_SESSIONS = Workflow(
    LiveSession,
    parties=_parties,
    refused="只有开设本课程的培训机构可以“{move}”",
    noun="该直播",
    unlisted="直播{frm}，不能变更为“{to}”",
    moves=[
        Move(S.SCHEDULED, S.LIVE, "开始直播", by=PROVIDER, guards=(NOT_TOO_EARLY,)),
        Move(S.LIVE, S.ENDED, "结束直播", by=PROVIDER, effect=_ended),
    ],
)


def live_start(*, live: LiveSession, actor: User, now: dt.datetime | None = None) -> CaseEvent:
    """开始直播: allowed from ``START_EARLY`` before the scheduled start."""
    return transition(LIVE_SESSIONS, live, to=S.LIVE, actor=actor, fields={"started_at": now or clock.now()})


def live_end(*, live: LiveSession, actor: User, now: dt.datetime | None = None) -> CaseEvent:
    """结束直播: every open stay ends now, and the attendance is written to the learning record."""
    return transition(LIVE_SESSIONS, live, to=S.ENDED, actor=actor, fields={"ended_at": now or clock.now()})


def lesson_add_live(
    *, course: Any, title: str, starts_at: dt.datetime, ends_at: dt.datetime, room_url: str, order: int
) -> Lesson:
    """A live lesson and its room (scheduled; the provider starts it)."""
    url = check_room_url(room_url)
    with transaction.atomic():
        lesson = Lesson.objects.create(
            course=course, title=title, kind=LessonKind.LIVE, order=order, starts_at=starts_at, ends_at=ends_at
        )
        LiveSession.objects.create(lesson=lesson, room_url=url)
    return lesson


# ---- trainees: join, ping, leave -----------------------------------------------------------------


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - PRESENCE_TIMEOUT


def close_stale(live: LiveSession, now: dt.datetime) -> int:
    """Stays whose page stopped pinging end at their last ping."""
    stale = LiveVisit.objects.filter(live=live, left_at__isnull=True, last_seen_at__lt=_stale_before(now))
    return stale.update(left_at=F("last_seen_at"))


def _enrolment(user: User, lesson: Lesson) -> Enrolment:
    enrolment = enrolment_for(user, lesson)
    if enrolment is None:
        raise TrainingError("您未报名该课程，不能进入直播")
    return enrolment


def join(*, user: User, live: LiveSession, now: dt.datetime | None = None) -> LiveVisit:
    """进入直播: only while the lesson is live, only an enrolled trainee, never twice at once."""
    now = now or clock.now()
    enrolment = _enrolment(user, live.lesson)
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=live.pk)
        if locked.status == S.SCHEDULED:
            raise TrainingError("直播尚未开始，请在培训机构开始直播后进入")
        if locked.status == S.ENDED:
            raise TrainingError("直播已结束，不能再进入")
        close_stale(locked, now)
        if LiveVisit.objects.filter(live=locked, enrolment=enrolment, left_at__isnull=True).exists():
            raise TrainingError("您已在直播间中（可能在其他设备或页面上进入），请先离开再进入")
        try:
            with transaction.atomic():
                return LiveVisit.objects.create(live=locked, enrolment=enrolment, joined_at=now, last_seen_at=now)
        except IntegrityError:
            raise TrainingError("您已在直播间中（可能在其他设备或页面上进入），请先离开再进入") from None


def _open_visit(user: User, live: LiveSession) -> LiveVisit | None:
    enrolment = enrolment_for(user, live.lesson)
    if enrolment is None:
        return None
    return LiveVisit.objects.filter(live=live, enrolment=enrolment, left_at__isnull=True).first()


def ping(*, user: User, live: LiveSession, now: dt.datetime | None = None) -> bool:
    """The live page's presence ping: True while the trainee's stay is open (and keeps it open)."""
    now = now or clock.now()
    visit = _open_visit(user, live)
    if visit is None or live.status != S.LIVE:
        return False
    if visit.last_seen_at < _stale_before(now):  # the page came back after the stay had timed out
        LiveVisit.objects.filter(pk=visit.pk, left_at__isnull=True).update(left_at=visit.last_seen_at)
        return False
    LiveVisit.objects.filter(pk=visit.pk, left_at__isnull=True).update(last_seen_at=now)
    return True


def leave(*, user: User, live: LiveSession, now: dt.datetime | None = None) -> LiveVisit | None:
    """离开: the open stay ends now (nothing to do when the trainee is not in)."""
    now = now or clock.now()
    visit = _open_visit(user, live)
    if visit is None:
        return None
    end = min(now, visit.last_seen_at + PRESENCE_TIMEOUT)
    LiveVisit.objects.filter(pk=visit.pk, left_at__isnull=True).update(left_at=end, last_seen_at=end)
    visit.refresh_from_db()
    return visit


# ---- attendance ---------------------------------------------------------------------------------


def attended(
    stays: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime
) -> tuple[list[list[int]], int]:
    """The union of ``stays`` clipped to ``start``–``end``: merged intervals in ms from ``start``
    and their total. Overlapping stays (two pages) count once."""
    intervals: list[list[int]] = []
    total = 0
    for joined, left in stays:
        a = max(joined, start)
        b = min(left, end)
        if b <= a:
            continue
        lo = int((a - start).total_seconds() * 1000)
        hi = int((b - start).total_seconds() * 1000)
        intervals, added = merge(intervals, lo, hi)
        total += added
    return intervals, total


def _stays(live: LiveSession, until: dt.datetime) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Each enrolment's stays; an open one ends at ``until`` or, if its pings stopped, its last ping."""
    out: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for v in LiveVisit.objects.filter(live=live):
        if v.left_at is not None:
            end = v.left_at
        elif v.last_seen_at < until - PRESENCE_TIMEOUT:
            end = v.last_seen_at
        else:
            end = until
        out.setdefault(v.enrolment_id, []).append((v.joined_at, end))
    return out


def _write_attendance(live: LiveSession) -> int:
    """Close the open stays at the end and write the learning record (inside the end's transaction)."""
    assert live.started_at is not None and live.ended_at is not None
    end = live.ended_at
    stays = _stays(live, end)
    close_stale(live, end)
    LiveVisit.objects.filter(live=live, left_at__isnull=True).update(left_at=end)
    day = timezone.localtime(live.started_at).date().isoformat()
    rows = []
    for enrolment_id, spans in stays.items():
        intervals, ms = attended(spans, live.started_at, end)
        if ms:
            rows.append(
                LessonProgress(
                    enrolment_id=enrolment_id,
                    lesson_id=live.lesson_id,
                    intervals=intervals,
                    counted_ms=ms,
                    by_day={day: ms},
                )
            )
    LessonProgress.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True)
class InRoom:
    """实时查看 of a live lesson: one trainee in the room now."""

    name: str
    masked_id_number: str
    employer: str
    joined_at: dt.datetime
    last_seen_at: dt.datetime


def in_room(live: LiveSession, now: dt.datetime | None = None) -> list[InRoom]:
    now = now or clock.now()
    visits = LiveVisit.objects.filter(
        live=live, left_at__isnull=True, last_seen_at__gte=_stale_before(now)
    ).select_related("enrolment__employer")
    return [
        InRoom(
            v.enrolment.name,
            v.enrolment.masked_id_number,
            v.enrolment.employer.name if v.enrolment.employer else "失业人员",
            v.joined_at,
            v.last_seen_at,
        )
        for v in visits
    ]


@dataclass(frozen=True)
class Attendee:
    """After the lesson: one trainee's stays and attended minutes (as counted)."""

    name: str
    masked_id_number: str
    employer: str
    stays: list[tuple[dt.datetime, dt.datetime]]
    counted_ms: int

    @property
    def minutes(self) -> Decimal:
        return (Decimal(self.counted_ms) / MS_PER_MINUTE).quantize(Decimal("0.01"))

    @property
    def counted_text(self) -> str:
        return clock_text(self.counted_ms)


def attendance(live: LiveSession) -> list[Attendee]:
    """Every trainee who joined, with their stays and the counted time (after the end)."""
    visits = LiveVisit.objects.filter(live=live).select_related("enrolment__employer")
    counted = dict(
        LessonProgress.objects.filter(lesson_id=live.lesson_id).values_list("enrolment_id", "counted_ms")
    )
    by_enrolment: dict[int, tuple[Enrolment, list[tuple[dt.datetime, dt.datetime]]]] = {}
    for v in visits:
        entry = by_enrolment.setdefault(v.enrolment_id, (v.enrolment, []))
        entry[1].append((v.joined_at, v.left_at or v.last_seen_at))
    return [
        Attendee(
            e.name,
            e.masked_id_number,
            e.employer.name if e.employer else "失业人员",
            spans,
            int(counted.get(e.pk, 0)),
        )
        for e, spans in sorted(by_enrolment.values(), key=lambda item: item[0].name)
    ]


__all__ = ["LIVE_SESSIONS", "TransitionError", "attended", "join", "leave", "live_end", "live_start", "ping"]


def trainee_view(user: User, lesson: Lesson) -> dict[str, Any]:
    """What the live lesson's page shows a trainee: the room's state, whether they are in, and
    (after the end) what was counted."""
    live = LiveSession.objects.filter(lesson=lesson).first()
    if live is None:
        return {}
    enrolment = enrolment_for(user, lesson)
    visit = None
    if live.status == S.LIVE and enrolment is not None:
        close_stale(live, clock.now())  # a page closed long ago: its stay ended at its last ping
        visit = _open_visit(user, live)
    counted = ""
    if enrolment is not None and live.status == S.ENDED:
        ms = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).values_list("counted_ms", flat=True).first()
        counted = clock_text(ms or 0)
    return {
        "live": live,
        "enrolled": enrolment is not None,
        "visit": visit,
        "counted": counted,
        "ping_seconds": PING_SECONDS,
        "timeout_minutes": max(1, int(PRESENCE_TIMEOUT.total_seconds()) // 60),
    }
