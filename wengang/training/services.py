"""Writes of the training platform: courses, lessons (video checked by PyAV), commissions and
real-name enrolments. Each raises :class:`TrainingError` with a Chinese message and writes nothing
when the input cannot be accepted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import IO, Any

import av
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from wengang import spreadsheets
from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation
from wengang.registry.validators import id_number_ok, mask_id_number
from wengang.subsidies.services.materials import MaterialError, check_pdf, store_pdf

from .models import Commission, Course, Enrolment, Lesson, LessonKind, Relation

MEGABYTE = 1024 * 1024
#: containers a browser plays: MP4 (H.264) and WebM (VP8/VP9)
PLAYABLE = {"mp4": "video/mp4", "webm": "video/webm"}
#: a demuxed end this far short of the header's duration means the file was cut off
TRUNCATION_TOLERANCE_MS = 1000


class TrainingError(Exception):
    """A request that cannot be done; the message says why, in Chinese."""


def max_video_bytes() -> int:
    return int(getattr(settings, "TRAINING_MAX_VIDEO_MB", 1024)) * MEGABYTE


# ---- videos -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoInfo:
    duration_ms: int
    content_type: str
    extension: str


def _container_kind(format_name: str) -> str | None:
    names = set(format_name.split(","))
    if "mp4" in names or "mov" in names:
        return "mp4"
    if "webm" in names or "matroska" in names:
        return "webm"
    return None


def read_video(source: str | IO[bytes]) -> VideoInfo:
    """The duration of a video, read from the file by PyAV (FFmpeg's demuxer): every packet of the
    video stream is read (not decoded), so a file cut off in transfer is found — its packets end
    well before the duration its header declares."""
    try:
        with av.open(source, mode="r", metadata_errors="ignore") as container:
            kind = _container_kind(container.format.name)
            if kind is None:
                raise TrainingError("只能上传 MP4 格式或 VP8、VP9 编码的网页视频")
            if not container.streams.video:
                raise TrainingError("文件中没有视频画面，请上传视频文件")
            stream = container.streams.video[0]
            end = Fraction(0)
            for packet in container.demux(stream):
                if packet.pts is None or packet.time_base is None:
                    continue
                end = max(end, (packet.pts + (packet.duration or 0)) * packet.time_base)
            declared = Fraction(container.duration, av.time_base) if container.duration else None
    except TrainingError:
        raise
    except (av.FFmpegError, ValueError, OSError, EOFError) as err:
        raise TrainingError("无法读取该视频：文件不是视频，或已损坏，请重新导出后上传") from err
    if end <= 0:
        raise TrainingError("视频没有可播放的内容（时长为0），请重新导出后上传")
    demuxed_ms = int(end * 1000)
    if declared is not None and demuxed_ms < int(declared * 1000) - TRUNCATION_TOLERANCE_MS:
        raise TrainingError("视频文件不完整（可能上传中断或文件被截断），请重新上传完整的文件")
    return VideoInfo(demuxed_ms, PLAYABLE[kind], kind)


def _video_source(upload: UploadedFile) -> str | IO[bytes]:
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        return str(path())
    upload.seek(0)
    assert upload.file is not None
    return upload.file


def lesson_add_video(*, course: Course, title: str, upload: UploadedFile, order: int | None = None) -> Lesson:
    """A recorded lesson from an uploaded video; its duration is read from the file."""
    limit = max_video_bytes()
    if upload.size is None or upload.size == 0:
        raise TrainingError("上传的文件是空的")
    if upload.size > limit:
        raise TrainingError(f"视频文件超过 {limit // MEGABYTE} MB，请压缩或分段后上传")
    info = read_video(_video_source(upload))
    upload.seek(0)
    with transaction.atomic():
        lesson = Lesson(
            course=course,
            title=title.strip()[:100],
            kind=LessonKind.VIDEO,
            order=order if order is not None else course.lessons.count() + 1,
            duration_ms=info.duration_ms,
            video_type=info.content_type,
        )
        save_with_file(lesson, "video", f"lesson.{info.extension}", upload)
    return lesson


def save_with_file(row: Any, field: str, name: str, content: Any) -> None:
    """Store ``content`` in the row's file ``field``, then save the row; the file is removed again
    when the row cannot be saved (nothing half-saved). Runs in the caller's transaction."""
    file = getattr(row, field)
    file.save(name, content, save=False)
    saved = file.name
    try:
        row.save()
    except Exception:
        file.storage.delete(saved)
        raise


# ---- courses ------------------------------------------------------------------------------------


def is_provider_account(user: User) -> bool:
    """Provider staff, or an enterprise account (a firm may train its own staff)."""
    return user.is_authenticated and user.organisation_id is not None and user.role in (Role.PROVIDER, Role.ENTERPRISE)


def course_create(
    *,
    user: User,
    title: str,
    category: str,
    mode: str,
    free: bool,
    description: str = "",
    completion_hours: Decimal = Decimal(40),
) -> Course:
    if not is_provider_account(user):
        raise TrainingError("只有培训机构或企业可以开设课程")
    assert user.organisation is not None
    return Course.objects.create(
        provider=user.organisation,
        title=title.strip()[:100],
        category=category,
        mode=mode,
        free=free,
        description=description.strip(),
        completion_hours=completion_hours,
    )


# ---- commissions --------------------------------------------------------------------------------


def commission_record(*, user: User, enterprise: Organisation, licence_number: str, upload: UploadedFile) -> Commission:
    """An enterprise's commission of this training institution: the agreement PDF (checked like
    every material) and the licence number. A second agreement with the same firm replaces none."""
    if user.role != Role.PROVIDER or user.organisation is None:
        raise TrainingError("只有培训机构可以登记委托培训协议")
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise TrainingError("委托单位须为用人单位")
    licence = licence_number.strip()
    if not licence:
        raise TrainingError("请填写办学许可证号")
    data = upload.read(10 * MEGABYTE + 1)
    try:
        check = check_pdf(data, max_pages=50, max_megabytes=10)
    except MaterialError as err:
        raise TrainingError(str(err)) from err
    commission = Commission(provider=user.organisation, enterprise=enterprise, licence_number=licence, recorded_by=user)
    try:
        with transaction.atomic():
            store_pdf(
                commission,
                check=check,
                data=data,
                original_name=upload.name or "培训协议.pdf",
                display_name=f"{enterprise.name}+委托培训协议.pdf",
            )
    except IntegrityError:
        raise TrainingError(f"已登记过与{enterprise.name}的委托培训协议") from None
    return commission


def commissioned(provider_id: int, enterprise_id: int) -> bool:
    return (
        provider_id == enterprise_id
        or Commission.objects.filter(provider_id=provider_id, enterprise_id=enterprise_id).exists()
    )


# ---- enrolment ----------------------------------------------------------------------------------

RELATION_BY_LABEL = {label: value for value, label in Relation.choices}
ENROL_COLUMNS = (
    spreadsheets.Column("name", "姓名", ""),
    spreadsheets.Column("id_number", "身份证号码", "18位居民身份证号码，末位可为X"),
    spreadsheets.Column("relation", "人员类别", "本企业职工、本企业待岗职工或失业人员"),
    spreadsheets.Column("employer_uscc", "所在企业统一社会信用代码", "失业人员不填"),
)
ENROL_TITLE = "学员报名名单"
MAX_ENROL_ROWS = 2000


@dataclass(frozen=True)
class Checked:
    name: str
    id_number: str
    relation: str
    employer: Organisation | None

    def enrolment(self, course: Course, user: User) -> Enrolment:
        """The (unsaved) enrolment of this person in ``course``, made by ``user``."""
        return Enrolment(
            course=course,
            name=self.name,
            id_number=self.id_number,
            relation=self.relation,
            employer=self.employer,
            enrolled_by=user,
        )


def check_enrolment(course: Course, row: Mapping[str, str], employers: Mapping[str, Organisation]) -> Checked:
    """One person's enrolment checked: name, ID number by its check character, category, and the
    employer — a firm that trains its own staff, or one that commissioned this provider; an
    unemployed person only on a free course (OP6 note)."""
    name = (row.get("name") or "").strip().replace("\x00", "")
    if not name or len(name) > 50:
        raise TrainingError("请填写姓名（不超过50个字）")
    id_number = (row.get("id_number") or "").strip().upper()
    if not id_number_ok(id_number):
        raise TrainingError(f"身份证号码 {mask_id_number(id_number)} 无效（18位，出生日期或校验位不符）")
    relation_text = (row.get("relation") or "").strip()
    relation = RELATION_BY_LABEL.get(relation_text, relation_text)
    if relation not in Relation.values:
        raise TrainingError("人员类别须为“本企业职工”“本企业待岗职工”或“失业人员”")
    uscc = (row.get("employer_uscc") or "").strip().upper()
    if relation == Relation.UNEMPLOYED:
        if not course.free:
            raise TrainingError("失业人员只能报名免费课程")
        return Checked(name, id_number, relation, None)
    employer = employers.get(uscc)
    if employer is None or employer.kind != Organisation.Kind.ENTERPRISE:
        raise TrainingError("所在企业的统一社会信用代码不是本平台登记的用人单位")
    if not commissioned(course.provider_id, employer.pk):
        raise TrainingError(f"{employer.name}未委托本机构培训（请先登记委托培训协议）")
    return Checked(name, id_number, relation, employer)


def _employers(rows: Sequence[Mapping[str, str]]) -> dict[str, Organisation]:
    codes = {(r.get("employer_uscc") or "").strip().upper() for r in rows} - {""}
    return {o.uscc: o for o in Organisation.objects.filter(uscc__in=codes)}


def may_manage_course(user: User, course: Course) -> bool:
    return is_provider_account(user) and user.organisation_id == course.provider_id


def enrolment_add(*, user: User, course: Course, row: Mapping[str, str]) -> Enrolment:
    """Enrol one person on a course (the provider's or the training firm's staff)."""
    if not may_manage_course(user, course):
        raise TrainingError("只能为本单位的课程报名学员")
    checked = check_enrolment(course, row, _employers([row]))
    if Enrolment.objects.filter(course=course, id_number=checked.id_number).exists():
        raise TrainingError(f"{mask_id_number(checked.id_number)} 已报名本课程")
    enrolment = checked.enrolment(course, user)
    try:
        with transaction.atomic():
            enrolment.save(force_insert=True)
    except IntegrityError:
        raise TrainingError(f"{mask_id_number(checked.id_number)} 已报名本课程") from None
    return enrolment


class EnrolmentRowsError(TrainingError):
    """Rows of a bulk enrolment that cannot be accepted: one message per row; nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


def enrolment_template() -> bytes:
    return spreadsheets.template(
        title=ENROL_TITLE,
        columns=list(ENROL_COLUMNS),
        text_columns=["id_number", "employer_uscc"],
        yes_no_columns=[],
        rows=MAX_ENROL_ROWS,
        notes=["", "第一行为列名，请勿修改；从第二行起每行一人。身份证号码和信用代码请按文本填写。"],
    )


def enrolment_import(*, user: User, course: Course, upload: UploadedFile) -> int:
    """Enrol everyone of an Excel sheet, or nobody: every bad row is named with its reason."""
    if not may_manage_course(user, course):
        raise TrainingError("只能为本单位的课程报名学员")
    try:
        rows = spreadsheets.read_rows(
            upload, title=ENROL_TITLE, columns=ENROL_COLUMNS, max_rows=MAX_ENROL_ROWS, optional=["employer_uscc"]
        )
    except spreadsheets.SpreadsheetError as err:
        raise TrainingError(str(err)) from err
    if not rows:
        raise TrainingError("名单中没有数据行")
    employers = _employers([r for _, r in rows])
    already = set(Enrolment.objects.filter(course=course).values_list("id_number", flat=True))
    seen: dict[str, int] = {}
    checked: list[Checked] = []
    errors: list[str] = []
    for number, row in rows:
        try:
            item = check_enrolment(course, row, employers)
        except TrainingError as err:
            errors.append(f"第{number}行：{err}")
            continue
        if item.id_number in seen:
            errors.append(f"第{number}行：身份证号码与第{seen[item.id_number]}行重复")
        elif item.id_number in already:
            errors.append(f"第{number}行：{mask_id_number(item.id_number)} 已报名本课程")
        else:
            seen[item.id_number] = number
            checked.append(item)
    if errors:
        raise EnrolmentRowsError(errors)
    try:
        with transaction.atomic():
            Enrolment.objects.bulk_create(c.enrolment(course, user) for c in checked)
    except IntegrityError:
        raise TrainingError("名单中有人员刚刚被报名本课程，请刷新后重新导入") from None
    return len(checked)


def enrolments_of(user: User) -> Any:
    """The signed-in person's own enrolments (matched by the ID number on the account)."""
    if not user.is_authenticated or not user.id_number:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(id_number=user.id_number).select_related("course", "course__provider")


# ---- offline attendance -------------------------------------------------------------------------

ATTENDANCE_COLUMNS = (
    spreadsheets.Column("name", "姓名", ""),
    spreadsheets.Column("id_number", "身份证号码", "18位居民身份证号码，末位可为X"),
    spreadsheets.Column("minutes", "签到分钟", "本次课实际到课分钟数，整数"),
)
ATTENDANCE_TITLE = "线下签到表"
#: one sitting is at most a day
MAX_SITTING_MINUTES = 24 * 60


def attendance_template() -> bytes:
    return spreadsheets.template(
        title=ATTENDANCE_TITLE,
        columns=list(ATTENDANCE_COLUMNS),
        text_columns=["id_number"],
        yes_no_columns=[],
        rows=MAX_ENROL_ROWS,
        notes=["", "每行一名已报名本课程的学员；再次导入同一课节的签到表会替换上一次的签到。"],
    )


def attendance_import(*, user: User, lesson: Lesson, upload: UploadedFile) -> int:
    """The attendance sheet of an offline lesson: every row an enrolled trainee with whole minutes,
    or nothing is kept. Replaces the lesson's earlier sheet; each trainee's offline minutes are the
    sum over the course's sheets."""
    from django.db.models import Sum

    from .models import Attendance

    if not may_manage_course(user, lesson.course):
        raise TrainingError("只能为本单位的课程导入签到表")
    if lesson.kind == LessonKind.VIDEO:
        raise TrainingError("录播课节按观看记录计时，不导入签到表")
    if lesson.kind == LessonKind.LIVE:  # counted by the stays in its room (``live``); a sheet would count twice
        raise TrainingError("直播课按进入、离开直播间的记录计时，不导入签到表")
    try:
        rows = spreadsheets.read_rows(
            upload, title=ATTENDANCE_TITLE, columns=ATTENDANCE_COLUMNS, max_rows=MAX_ENROL_ROWS
        )
    except spreadsheets.SpreadsheetError as err:
        raise TrainingError(str(err)) from err
    if not rows:
        raise TrainingError("签到表中没有数据行")
    enrolled = {e.id_number: e for e in lesson.course.enrolments.all()}
    errors: list[str] = []
    minutes_of: dict[int, int] = {}
    seen: dict[str, int] = {}
    for number, row in rows:
        idn = (row.get("id_number") or "").strip().upper()
        text = (row.get("minutes") or "").strip()
        enrolment = enrolled.get(idn)
        if enrolment is None:
            errors.append(f"第{number}行：{mask_id_number(idn)} 未报名本课程")
        elif idn in seen:
            errors.append(f"第{number}行：身份证号码与第{seen[idn]}行重复")
        elif not text.isdigit() or not 1 <= int(text) <= MAX_SITTING_MINUTES:
            errors.append(f"第{number}行：签到分钟须为 1 至 {MAX_SITTING_MINUTES} 的整数")
        else:
            seen[idn] = number
            minutes_of[enrolment.pk] = int(text)
    if errors:
        raise EnrolmentRowsError(errors)
    with transaction.atomic():
        Attendance.objects.filter(lesson=lesson).delete()
        Attendance.objects.bulk_create(
            Attendance(enrolment_id=pk, lesson=lesson, minutes=m) for pk, m in minutes_of.items()
        )
        totals = dict(
            Attendance.objects.filter(enrolment__course=lesson.course)
            .values("enrolment_id")
            .annotate(total=Sum("minutes"))
            .values_list("enrolment_id", "total")
        )
        for enrolment in enrolled.values():
            total = int(totals.get(enrolment.pk, 0))
            if enrolment.offline_minutes != total:
                Enrolment.objects.filter(pk=enrolment.pk).update(offline_minutes=total)
    return len(minutes_of)


def lesson_add_session(
    *, course: Course, title: str, kind: str, starts_at: Any = None, ends_at: Any = None, room_url: str = ""
) -> Lesson:
    """A live or offline lesson. A live one has a scheduled start and end and the link to its room
    (``live.lesson_add_live``); an offline one is counted by its attendance sheet."""
    if kind not in (LessonKind.LIVE, LessonKind.OFFLINE):
        raise TrainingError("课节类型须为直播课或线下课")
    if starts_at and ends_at and ends_at <= starts_at:
        raise TrainingError("结束时间须晚于开始时间")
    order = course.lessons.count() + 1
    if kind == LessonKind.LIVE:
        from .live import lesson_add_live

        if not (starts_at and ends_at):
            raise TrainingError("直播课须填写开始和结束时间")
        return lesson_add_live(
            course=course, title=title.strip()[:100], starts_at=starts_at, ends_at=ends_at, room_url=room_url, order=order
        )
    return Lesson.objects.create(
        course=course,
        title=title.strip()[:100],
        kind=kind,
        order=order,
        starts_at=starts_at,
        ends_at=ends_at,
    )
