"""Reads of the learning record: a person's class hours in a period (the engine converts), who is
learning now (实时查看), statistics (培训统计) and the firm's OP6 roster built from the record."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from wengang.policy.class_hours import ClassHours, class_hours
from wengang.registry.models import Organisation
from wengang.registry.validators import mask_id_number

from .models import Enrolment, LearningSession, LessonProgress, Relation, clock_text

MS_PER_MINUTE = Decimal(60000)
#: a session whose last heartbeat is this recent is 正在学习
LIVE_WINDOW = dt.timedelta(seconds=75)


def online_ms_in(progress: LessonProgress, start: dt.date, end: dt.date) -> int:
    """Milliseconds of one lesson counted on service days from ``start`` to ``end``."""
    first, last = start.isoformat(), end.isoformat()
    return sum(int(ms) for day, ms in progress.by_day.items() if first <= day <= last)


@dataclass
class Person:
    """One trainee across courses and providers (by ID number): minutes and the engine's hours."""

    id_number: str
    name: str
    online_ms: int = 0
    offline_minutes: int = 0
    courses: list[str] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    hours: ClassHours | None = None

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def online_minutes(self) -> Decimal:
        return Decimal(self.online_ms) / MS_PER_MINUTE


def people(enrolments: Iterable[Enrolment], start: dt.date, end: dt.date, on: dt.date) -> list[Person]:
    """Enrolments grouped by person, each person's minutes in the period summed over every course
    and provider, and converted to class hours by the engine (OP6)."""
    enrolments = list(enrolments)
    progress = LessonProgress.objects.filter(enrolment__in=enrolments).only("enrolment_id", "by_day")
    online: dict[int, int] = defaultdict(int)
    for p in progress:
        online[p.enrolment_id] += online_ms_in(p, start, end)
    by_person: dict[str, Person] = {}
    for e in enrolments:
        person = by_person.setdefault(e.id_number, Person(e.id_number, e.name))
        person.online_ms += online[e.pk]
        person.offline_minutes += e.offline_minutes
        person.courses.append(e.course.title)
        person.enrolments.append(e)
    for person in by_person.values():
        person.hours = class_hours(
            online_minutes=person.online_minutes, offline_minutes=Decimal(person.offline_minutes), on=on
        )
    return sorted(by_person.values(), key=lambda p: (-(p.hours.exact if p.hours else 0), p.name))


def employees_in_training(organisation: Organisation) -> QuerySet[Enrolment]:
    """The firm's employees (and 待岗 employees) enrolled on any course of any provider."""
    return (
        Enrolment.objects.filter(employer=organisation, relation__in=[Relation.EMPLOYED, Relation.WAITING])
        .select_related("course", "course__provider")
        .order_by("id_number", "id")
    )


@dataclass(frozen=True)
class LiveLearner:
    name: str
    masked_id_number: str
    course: str
    lesson: str
    position_ms: int
    duration_ms: int
    last_at: dt.datetime

    @property
    def position_text(self) -> str:
        return f"{clock_text(self.position_ms)} / {clock_text(self.duration_ms)}"


def whole_time() -> tuple[dt.date, dt.date]:
    """Every day a record can hold (a course page shows all of a trainee's time)."""
    return dt.date.min, dt.date.max


def learning_now(provider: Organisation, now: dt.datetime | None = None) -> list[LiveLearner]:
    """实时查看: who is watching a lesson of this provider now, and where in the video."""
    now = now or timezone.now()
    sessions = (
        LearningSession.objects.filter(
            active=True, last_at__gte=now - LIVE_WINDOW, progress__lesson__course__provider=provider
        )
        .select_related("progress__enrolment", "progress__lesson__course")
        .order_by("-last_at")
    )
    return [
        LiveLearner(
            s.progress.enrolment.name,
            s.progress.enrolment.masked_id_number,
            s.progress.lesson.course.title,
            s.progress.lesson.title,
            s.last_position_ms,
            s.progress.lesson.duration_ms,
            s.last_at,
        )
        for s in sessions
    ]


@dataclass(frozen=True)
class Stats:
    """培训统计 of a provider: minutes per course, per firm and per ISO week; trainees per course."""

    courses: list[tuple[str, int, Decimal]]
    firms: list[tuple[str, int, Decimal]]
    weeks: list[tuple[str, Decimal]]


def provider_stats(provider: Organisation) -> Stats:
    enrolments = Enrolment.objects.filter(course__provider=provider).select_related("course", "employer")
    counts_course: dict[str, set[str]] = defaultdict(set)
    counts_firm: dict[str, set[str]] = defaultdict(set)
    for e in enrolments:
        counts_course[e.course.title].add(e.id_number)
        counts_firm[e.employer.name if e.employer else "失业人员"].add(e.id_number)
    course_ms: dict[str, int] = defaultdict(int)
    firm_ms: dict[str, int] = defaultdict(int)
    week_ms: dict[str, int] = defaultdict(int)
    progress = LessonProgress.objects.filter(enrolment__course__provider=provider).select_related(
        "enrolment__course", "enrolment__employer"
    )
    for p in progress:
        e = p.enrolment
        course_ms[e.course.title] += p.counted_ms
        firm_ms[e.employer.name if e.employer else "失业人员"] += p.counted_ms
        for day, ms in p.by_day.items():
            year, week, _ = dt.date.fromisoformat(day).isocalendar()
            week_ms[f"{year}年第{week}周"] += int(ms)
    for e in enrolments:  # offline attendance counts in the course and the firm
        course_ms[e.course.title] += e.offline_minutes * 60000
        firm_ms[e.employer.name if e.employer else "失业人员"] += e.offline_minutes * 60000

    def minutes(ms: int) -> Decimal:
        return (Decimal(ms) / MS_PER_MINUTE).quantize(Decimal("0.01"))

    return Stats(
        courses=[(k, len(v), minutes(course_ms[k])) for k, v in sorted(counts_course.items())],
        firms=[(k, len(v), minutes(firm_ms[k])) for k, v in sorted(counts_firm.items())],
        weeks=[(k, minutes(v)) for k, v in sorted(week_ms.items())],
    )


@dataclass(frozen=True)
class LessonLine:
    """One lesson of one person's record: what was counted, and the watched spans."""

    course: str
    provider: str
    lesson: str
    counted_ms: int
    duration_ms: int
    spans: str
    days: list[tuple[str, Decimal]]

    @property
    def minutes(self) -> Decimal:
        return (Decimal(self.counted_ms) / MS_PER_MINUTE).quantize(Decimal("0.01"))


def lesson_detail(enrolments: Iterable[Enrolment]) -> dict[str, list[LessonLine]]:
    """For a reviewer: per person (ID number), each lesson watched with its spans and days."""
    out: dict[str, list[LessonLine]] = defaultdict(list)
    progress = (
        LessonProgress.objects.filter(enrolment__in=list(enrolments))
        .select_related("enrolment__course__provider", "lesson")
        .order_by("enrolment__course_id", "lesson__order", "lesson_id")
    )
    for p in progress:
        spans = "、".join(f"{clock_text(a)}–{clock_text(b)}" for a, b in p.intervals[:20])
        if len(p.intervals) > 20:
            spans += f" 等 {len(p.intervals)} 段"
        days = [(day, (Decimal(ms) / MS_PER_MINUTE).quantize(Decimal("0.01"))) for day, ms in sorted(p.by_day.items())]
        course = p.enrolment.course
        out[p.enrolment.id_number].append(
            LessonLine(
                course.title, course.provider.name, p.lesson.title, p.counted_ms, p.lesson.duration_ms, spans, days
            )
        )
    return out


def roster_xlsx(course: object, persons: list[Person]) -> bytes:
    """数据导出: a course's trainees with minutes and class hours (ID numbers masked)."""
    from wengang.spreadsheets import ID_NUMBER_COLUMN, ExportColumn, Kind, export

    columns = [
        ExportColumn("姓名", width=12),
        ID_NUMBER_COLUMN,
        ExportColumn("所在企业", width=30),
        ExportColumn("人员类别", width=14),
        ExportColumn("线上分钟", Kind.MONEY, width=12),
        ExportColumn("线下分钟", Kind.INTEGER, width=12),
        ExportColumn("课时（每课时45分钟）", Kind.MONEY, width=20),
        ExportColumn("达到40课时", width=12),
    ]
    rows = []
    for p in persons:
        e = p.enrolments[0]
        hours = p.hours
        rows.append(
            [
                p.name,
                p.id_number,
                e.employer.name if e.employer else "",
                e.get_relation_display(),
                p.online_minutes.quantize(Decimal("0.01")),
                p.offline_minutes,
                hours.hours if hours else Decimal(0),
                "是" if hours and hours.reaches_minimum else "否",
            ]
        )
    return export(title="学员名单", columns=columns, rows=rows)


def stats_xlsx(stats: Stats) -> bytes:
    from wengang.spreadsheets import table_xlsx

    rows: list[list[object]] = [["课程", name, count, minutes] for name, count, minutes in stats.courses]
    rows += [["企业", name, count, minutes] for name, count, minutes in stats.firms]
    rows += [["周", name, "", minutes] for name, minutes in stats.weeks]
    return table_xlsx(title="培训统计", headers=["分组", "名称", "学员人数", "学习分钟"], rows=rows)
