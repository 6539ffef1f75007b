"""The training archive for 留存备查: one ZIP per course (for its provider), per firm (its own
trainees) or per OP6 claim (for the firm and its reviewers) with

- 学员名单及课时.xlsx — the roster with minutes and the engine's class hours,
- 学习记录.xlsx — every recorded or live lesson's counted time and spans, every offline sitting,
- 培训协议/ — the training agreements (PDF) of the commissioned providers involved,
- 结业证书/ — the certificates issued (stored PDFs, nothing rendered here).

The ZIP is written to a spooled temporary file (in memory up to ``IN_MEMORY_BYTES``, on disk
beyond) and stored files are copied in chunks, so its size does not bound the server's memory.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.db.models import Q

from wengang import clock
from wengang.registry.models import Organisation
from wengang.spreadsheets import ID_NUMBER_COLUMN, ExportColumn, Kind, export
from wengang.subsidies.models import Application

from .models import Attendance, Certificate, Commission, Course, Enrolment, LessonKind, LessonProgress, clock_text
from .records import MS_PER_MINUTE, employees_in_training, people, roster_xlsx, whole_time

IN_MEMORY_BYTES = 8 * 1024 * 1024
CHUNK = 1024 * 1024


def records_xlsx(enrolments: Iterable[Enrolment]) -> bytes:
    """学习记录: one row per trainee and lesson — recorded and live time with its spans and days,
    offline sittings with the minutes of the attendance sheet."""
    enrolments = list(enrolments)
    columns = [
        ExportColumn("姓名", width=12),
        ID_NUMBER_COLUMN,
        ExportColumn("课程", width=24),
        ExportColumn("课节", width=24),
        ExportColumn("类型", width=10),
        ExportColumn("计入分钟", Kind.MONEY, width=12),
        ExportColumn("学习区段（时:分:秒，直播自实际开始起算）", width=40),
        ExportColumn("学习日期", width=30),
    ]
    rows: list[list[Any]] = []
    progress = (
        LessonProgress.objects.filter(enrolment__in=enrolments)
        .select_related("enrolment__course", "lesson")
        .order_by("enrolment__name", "enrolment_id", "lesson__order", "lesson_id")
    )
    for p in progress:
        e = p.enrolment
        spans = "、".join(f"{clock_text(a)}–{clock_text(b)}" for a, b in p.intervals)
        days = "、".join(sorted(p.by_day))
        minutes = (Decimal(p.counted_ms) / MS_PER_MINUTE).quantize(Decimal("0.01"))
        rows.append(
            [e.name, e.id_number, e.course.title, p.lesson.title, p.lesson.get_kind_display(), minutes, spans, days]
        )
    sittings = (
        Attendance.objects.filter(enrolment__in=enrolments)
        .select_related("enrolment__course", "lesson")
        .order_by("enrolment__name", "enrolment_id", "lesson__order")
    )
    for a in sittings:
        e = a.enrolment
        rows.append(
            [e.name, e.id_number, e.course.title, a.lesson.title, str(LessonKind.OFFLINE.label), Decimal(a.minutes), "", ""]
        )
    return export(title="学习记录", columns=columns, rows=rows)


def _copy(archive: zipfile.ZipFile, name: str, field: Any) -> None:
    with field.open("rb") as source, archive.open(name, "w") as target:
        shutil.copyfileobj(source, target, CHUNK)


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}（{n}）{dot}{ext}" if dot else f"{name}（{n}）"
    used.add(candidate)
    return candidate


def _zip(roster: bytes, enrolments: list[Enrolment], commissions: Iterable[Commission]) -> IO[bytes]:
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - returned open to the response
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("学员名单及课时.xlsx", roster)
        archive.writestr("学习记录.xlsx", records_xlsx(enrolments))
        for c in commissions:
            _copy(archive, _unique(f"培训协议/{c.display_name}", used), c.file)
        certificates = Certificate.objects.filter(enrolment__in=enrolments).select_related("document", "enrolment")
        for cert in certificates:
            _copy(archive, _unique(f"结业证书/{cert.document.number}-{cert.enrolment.name}.pdf", used), cert.file)
    out.seek(0)
    return out


def course_archive(course: Course) -> IO[bytes]:
    """A course's archive for its provider: all its trainees; the agreements of the firms that
    commissioned the provider for them."""
    enrolments = list(course.enrolments.select_related("employer", "course"))
    roster = roster_xlsx(course, people(enrolments, *whole_time(), clock.today()))
    firms = {e.employer_id for e in enrolments if e.employer_id is not None}
    commissions = Commission.objects.filter(provider_id=course.provider_id, enterprise_id__in=firms).order_by("id")
    return _zip(roster, enrolments, commissions)


def firm_archive(firm: Organisation) -> IO[bytes]:
    """A firm's archive of its own trainees (employees and 待岗 employees) on every course of every
    provider: their hours, records, the agreements it signed with providers, their certificates."""
    enrolments = list(employees_in_training(firm))
    roster = roster_xlsx(None, people(enrolments, *whole_time(), clock.today()))
    providers = {e.course.provider_id for e in enrolments}
    commissions = Commission.objects.filter(enterprise=firm, provider_id__in=providers).order_by("id")
    return _zip(roster, enrolments, commissions)


def claim_enrolments(application: Application) -> list[Enrolment]:
    """The firm's enrolments of the people on an OP6 claim's roster (its own employees only)."""
    ids = list(application.training_lines.values_list("id_number", flat=True))
    return list(
        Enrolment.objects.filter(employer_id=application.organisation_id, id_number__in=ids).select_related(
            "course__provider", "employer"
        )
    )


def claim_roster_xlsx(application: Application, enrolments: list[Enrolment], on: dt.date) -> bytes:
    """The claim's roster: each line with the hours on the record in the claim period."""
    on_record = {p.id_number: p for p in people(enrolments, application.period_start, application.period_end, on)}
    columns = [
        ExportColumn("姓名", width=12),
        ID_NUMBER_COLUMN,
        ExportColumn("申报课时", Kind.MONEY, width=12),
        ExportColumn("学习记录课时（申报期内）", Kind.MONEY, width=22),
        ExportColumn("学习记录分钟", Kind.MONEY, width=14),
        ExportColumn("培训课程", width=40),
    ]
    rows = []
    for line in application.training_lines.order_by("id"):
        person = on_record.get(line.id_number)
        hours = person.hours if person else None
        rows.append(
            [
                line.name,
                line.id_number,
                line.class_hours,
                hours.hours if hours else Decimal(0),
                hours.minutes.quantize(Decimal("0.01")) if hours else Decimal(0),
                "、".join(person.courses) if person else "无学习记录",
            ]
        )
    return export(title="申报名单及课时", columns=columns, rows=rows)


def claim_archive(application: Application) -> IO[bytes]:
    """An OP6 claim's archive: its roster against the record, the learning record of each trainee,
    the agreements of the providers the firm commissioned, the certificates."""
    enrolments = claim_enrolments(application)
    roster = claim_roster_xlsx(application, enrolments, clock.today())
    providers = {e.course.provider_id for e in enrolments}
    commissions = Commission.objects.filter(
        Q(enterprise_id=application.organisation_id) & Q(provider_id__in=providers)
    ).order_by("id")
    return _zip(roster, enrolments, commissions)
