"""Demo data for the online training platform (N11, OP6).

Two providers: the training school 北京朝阳职业技能培训学校 (``peixun``), commissioned with a
training agreement (PDF, licence number) by 清河 (``qiye4``, OP3 approved) and 云杉 (``qiye3``);
and 智图 (``qiye``), which trains its own staff. Four courses: two recorded (the school's
电工岗位技能提升, 智图's 新员工岗位技能), one live (安全生产直播课), one offline (工伤预防线下培训,
attendance minutes). Sixty trainees, twenty per firm, with varied records: in each firm one at
exactly 1,800 minutes (40.00 课时), one at 1,799.55 (39.99 课时), others above, below or barely
started; online and offline minutes mixed. The learner account ``xueyuan`` (清河's 石磊) stands at
1,798 minutes: watching the two-minute 课程导学 takes her past 40 课时.

The live course has a held lesson (2020-05-26, started and ended by the school through the live
workflow, five trainees' stays — one the whole 90 minutes, one leaving and coming back — written to
the learning record at the end) and a scheduled one (2020-06-02). Certificates are issued to the
first two who completed the electric course (40 课时) and the live course (2 课时).

The lesson videos are made here with PyAV (a test pattern; no system ffmpeg) and their durations
read back from the files like any upload. Records are written as heartbeats would have left them
(watched intervals, minutes per day). Idempotent: nothing is made for a course that exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation
from wengang.training.certificates import certificate_issue, completion
from wengang.training.live import live_end, live_start
from wengang.training.models import (
    Attendance,
    Category,
    Commission,
    Course,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
    LiveSession,
    LiveVisit,
    Mode,
    Relation,
)
from wengang.training.services import commission_record, lesson_add_session, lesson_add_video

from .accounts import demo_password_hash
from .data import demo_id_number, demo_uscc
from .load import demo_pdf, service_date

PROVIDER_USER = "peixun"
#: the address the demo's certificates print in their QR codes (``manage.py runserver``'s)
DEMO_SITE = "http://127.0.0.1:8000/"
LEARNER_USER = "xueyuan"
LESSON_MINUTES = 45
LESSONS = 60
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "秀兰",
    "志强",
)
#: per firm, each trainee's (online, offline) minutes: 40.00 and 39.99 课时 first
PLAN: tuple[tuple[str, int], ...] = (
    ("1800", 0),
    ("1799.55", 0),
    ("1350", 450),
    ("1798", 0),
    ("2250", 0),
    ("1200", 700),
    ("1900", 0),
    ("1620", 180),
    ("2025", 0),
    ("1845", 0),
    ("1500", 0),
    ("1125", 300),
    ("900", 0),
    ("1710", 45),
    ("675", 0),
    ("450", 225),
    ("1755", 0),
    ("90", 0),
    ("45", 0),
    ("0", 0),
)


@functools.lru_cache(maxsize=4)
def demo_video(seconds: int, fps: int = 1) -> bytes:
    """A WebM test pattern (VP8, 96×54, a moving bar), encoded by PyAV once per machine: the
    45-minute lecture takes seconds of CPU to encode and every process that loads the demo needs it,
    so the bytes are kept in the temporary directory (written whole, then renamed into place)."""
    kept = Path(tempfile.gettempdir()) / f"wengang-demo-video-{seconds}s-{fps}fps-v1.webm"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    data = _encode_video(seconds, fps)
    try:
        with tempfile.NamedTemporaryFile(dir=kept.parent, prefix=kept.name, delete=False) as part:
            part.write(data)
        os.replace(part.name, kept)
    except OSError:
        pass  # a read-only temporary directory: encode again next time
    return data


def _encode_video(seconds: int, fps: int) -> bytes:
    import av
    import numpy as np

    out = io.BytesIO()
    with av.open(out, mode="w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 96, 54, "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        for i in range(seconds * fps):
            frame = np.full((54, 96, 3), (30, 90, 160), dtype=np.uint8)
            x = (i * 3) % 96
            frame[:, x : x + 6] = (250, 250, 250)
            video_frame = av.VideoFrame.from_ndarray(frame, format="rgb24")
            video_frame.pts = i
            for packet in stream.encode(video_frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def _video_lessons(course: Course, intro: bytes, lesson: bytes) -> list[Lesson]:
    lessons = [
        lesson_add_video(course=course, title="课程导学", upload=SimpleUploadedFile("导学.webm", intro), order=0)
    ]
    first = lesson_add_video(course=course, title="第1讲", upload=SimpleUploadedFile("第1讲.webm", lesson), order=1)
    lessons.append(first)
    # the other lectures share the first one's file (the same recording, a new lecture each time)
    lessons += Lesson.objects.bulk_create(
        Lesson(
            course=course,
            title=f"第{n}讲",
            kind=LessonKind.VIDEO,
            order=n,
            video=first.video.name,
            video_type=first.video_type,
            duration_ms=first.duration_ms,
        )
        for n in range(2, LESSONS + 1)
    )
    return lessons


def _record(enrolment: Enrolment, lessons: list[Lesson], minutes: str, seq: int) -> None:
    """Lectures watched in order until ``minutes`` are used up, over days in May 2020."""
    left = int(Fraction(minutes) * 60000)
    rows = []
    for n, lesson in enumerate(lessons[1:], start=0):
        if left <= 0:
            break
        ms = min(left, lesson.duration_ms)
        left -= ms
        day = dt.date(2020, 5, 4) + dt.timedelta(days=(n + seq) % 24)
        rows.append(
            LessonProgress(
                enrolment=enrolment, lesson=lesson, intervals=[[0, ms]], counted_ms=ms, by_day={day.isoformat(): ms}
            )
        )
    LessonProgress.objects.bulk_create(rows)


def _live_lesson(course: Course, title: str, start: dt.datetime, order: int) -> Lesson:
    return lesson_add_session(
        course=course,
        title=title,
        kind=LessonKind.LIVE,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        room_url=f"https://live.example.com/chaoyang-training/{order}",
    )


#: who of the live course's trainees was in the held lesson, in minutes after 19:00: (joined, left)
#: stays; the first stays the whole 90 minutes (2.00 课时, the course's completion hours)
STAYS = (
    ((0, 95),),
    ((5, 50), (60, 90)),
    ((-10, 45),),
    ((20, 90),),
    ((0, 30), (31, 89)),
)


def _hold(lesson: Lesson, staff: User) -> None:
    """The held live lesson, through the same moves as the site: started by the school, stays of
    the trainees (as their pages' joins, pings and leaves would have left them), ended by the
    school — which writes the attendance to the learning record."""
    live = LiveSession.objects.get(lesson=lesson)
    assert lesson.starts_at is not None
    start = lesson.starts_at
    # the moves' audit rows on the lesson's day (as the other demo stories' earlier moves), not on 6月1日
    with service_date(timezone.localtime(start).date()):
        live_start(live=live, actor=staff, now=start - dt.timedelta(minutes=10))
    # the unemployed trainees first, then the firms' (never 清河's or 云杉's first, who stand at 40.00)
    trainees = list(lesson.course.enrolments.order_by("-relation", "id").exclude(id_number__in=_at_exactly_40()))
    visits = []
    for enrolment, stays in zip(trainees, STAYS, strict=False):
        for joined, left in stays:
            visits.append(
                LiveVisit(
                    live=live,
                    enrolment=enrolment,
                    joined_at=start + dt.timedelta(minutes=joined),
                    last_seen_at=start + dt.timedelta(minutes=left),
                    left_at=start + dt.timedelta(minutes=left) if left < 90 else None,
                )
            )
    LiveVisit.objects.bulk_create(visits)
    with service_date(timezone.localtime(start).date()):
        live_end(live=live, actor=staff, now=start + dt.timedelta(minutes=90))


def _at_exactly_40() -> list[str]:
    """The trainees planned at exactly 40.00 课时 (they stay there)."""
    return [e.id_number for e in Enrolment.objects.filter(course__title="电工岗位技能提升").order_by("id")[::20]]


def _certificates(staff: User, *courses: Course) -> None:
    """Certificates for the first two who completed each course (PDFs made once: a second each)."""
    for course in courses:
        issued = 0
        for enrolment in course.enrolments.order_by("id"):
            if issued == 2:
                break
            if completion(enrolment).completed:
                certificate_issue(user=staff, enrolment=enrolment, base_url=DEMO_SITE)
                issued += 1


#: the four courses, by provider (the school, or 智图 training its own staff): the video course,
#: the firm's own course, the live course and the offline sitting
COURSES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("school", {"title": "电工岗位技能提升", "category": Category.SKILLS, "mode": Mode.SPARE_TIME,
                "description": "低压电工作业、安全用电和故障排查，录播课程，随时学习。"}),
    ("zhitu", {"title": "智图新员工岗位技能", "category": Category.SKILLS, "mode": Mode.ON_THE_JOB,
               "description": "企业自办培训：岗位流程、数据标注规范。"}),
    ("school", {"title": "安全生产直播课", "category": Category.SAFETY, "mode": Mode.SPARE_TIME, "free": True,
                "description": "每周二晚直播，失业人员可免费报名。", "completion_hours": Decimal(2)}),
    ("school", {"title": "工伤预防线下培训", "category": Category.INJURY, "mode": Mode.FULL_TIME,
                "description": "线下集中授课，按签到表计时。"}),
)


def load(stdout: TextIO) -> None:
    staff = User.objects.filter(username=PROVIDER_USER).select_related("organisation").first()
    firms = {o.uscc: o for o in Organisation.objects.filter(uscc__in=[demo_uscc(s) for s in (11, 13, 14)])}
    zhitu, yunshan, qinghe = (firms.get(demo_uscc(s)) for s in (11, 13, 14))
    zhitu_user = User.objects.filter(username="qiye").first()
    if staff is None or staff.organisation is None or None in (zhitu, yunshan, qinghe) or zhitu_user is None:
        stdout.write("线上培训演示数据未载入：缺少演示账号 peixun、qiye 或演示企业（请先载入服务大厅演示数据）\n")
        return
    assert zhitu is not None and yunshan is not None and qinghe is not None
    school = staff.organisation
    if Course.objects.filter(provider=school).exists():
        stdout.write("线上培训演示数据已存在\n")
        return
    intro, lecture = demo_video(120), demo_video(LESSON_MINUTES * 60)
    with transaction.atomic():
        for firm in (qinghe, yunshan):
            if not Commission.objects.filter(provider=school, enterprise=firm).exists():
                agreement = demo_pdf(["Training agreement", firm.uscc, "Beijing Chaoyang Vocational Training School"])
                commission_record(
                    user=staff,
                    enterprise=firm,
                    licence_number="京朝教民111010500123号",
                    upload=SimpleUploadedFile("培训协议.pdf", agreement, "application/pdf"),
                )
        providers = {"school": school, "zhitu": zhitu}
        electric, own, live, offline = (
            Course.objects.create(provider=providers[provider], **values) for provider, values in COURSES
        )
        held = _live_lesson(live, "第1次直播：安全生产法解读", timezone.make_aware(dt.datetime(2020, 5, 26, 19, 0)), 1)
        start = timezone.make_aware(dt.datetime(2020, 6, 2, 19, 0))
        _live_lesson(live, "第2次直播：有限空间作业安全", start, 2)
        sitting = Lesson.objects.create(course=offline, title="工伤预防集中授课", kind=LessonKind.OFFLINE, order=1)
        electric_lessons = _video_lessons(electric, intro, lecture)
        own_lessons = _video_lessons(own, intro, lecture)
        count = 0
        for f, (firm, course, lessons, by) in enumerate(
            (
                (qinghe, electric, electric_lessons, staff),
                (yunshan, electric, electric_lessons, staff),
                (zhitu, own, own_lessons, zhitu_user),
            )
        ):
            for i, (online, offline_minutes) in enumerate(PLAN):
                seq = f * 20 + i
                name = SURNAMES[(seq * 3 + seq // 20) % 20] + GIVEN[(seq * 7 + seq // 20) % 20]
                idn = demo_id_number(dt.date(1985 + seq % 15, 1 + seq % 12, 1 + seq % 28), 400 + seq)
                relation = Relation.WAITING if i % 7 == 6 else Relation.EMPLOYED
                enrolment = Enrolment.objects.create(
                    course=course, name=name, id_number=idn, employer=firm, relation=relation, enrolled_by=by
                )
                _record(enrolment, lessons, online, seq)
                if offline_minutes:  # as the sitting's attendance sheet would have set it
                    sheet = Enrolment.objects.create(
                        course=offline,
                        name=name,
                        id_number=idn,
                        employer=firm,
                        relation=relation,
                        enrolled_by=staff,
                        offline_minutes=offline_minutes,
                    )
                    Attendance.objects.create(enrolment=sheet, lesson=sitting, minutes=offline_minutes)
                if i % 4 == 0 and firm != zhitu:
                    Enrolment.objects.create(
                        course=live, name=name, id_number=idn, employer=firm, relation=relation, enrolled_by=staff
                    )
                count += 1
        for n, name in enumerate(("郑爽", "韩冰")):
            Enrolment.objects.create(
                course=live,
                name=name,
                id_number=demo_id_number(dt.date(1993, 3, 3), 480 + n),
                relation=Relation.UNEMPLOYED,
                enrolled_by=staff,
            )
        _hold(held, staff)
        _certificates(staff, electric, live)
        # the learner account: 清河's fourth trainee (1,798 minutes, 39.95 课时)
        learner = Enrolment.objects.filter(course=electric, employer=qinghe).order_by("id")[3]
        User.objects.update_or_create(
            username=LEARNER_USER,
            defaults={
                "role": Role.INDIVIDUAL,
                "first_name": learner.name,
                "id_number": learner.id_number,
                "password": demo_password_hash(),
            },
        )
    stdout.write(f"线上培训：2 家培训主体、4 门课程、{count} 名企业学员；学员账号 {LEARNER_USER}\n")
