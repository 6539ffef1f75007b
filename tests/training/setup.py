"""Shared data of the training tests: test videos made with Debian's ffmpeg (the app itself reads
them with PyAV), a provider, two firms, a course and learners."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import id_number, make_organisation, make_user
from wengang.accounts.models import Role
from wengang.training.models import Course, Enrolment, Lesson, Relation

VIDEOS = Path(tempfile.gettempdir()) / "wengang-test-videos"


@functools.cache
def video_bytes(seconds: int = 3, fmt: str = "webm") -> bytes:
    """A small test video (``seconds`` long, 64×48, no sound) as WebM or MP4."""
    VIDEOS.mkdir(exist_ok=True)
    path = VIDEOS / f"test-{seconds}s.{fmt}"
    if not path.exists():
        codec = ["-c:v", "libvpx", "-b:v", "50k"] if fmt == "webm" else ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
        subprocess.run(
            [
                "ffmpeg",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"testsrc=size=64x48:rate=10:duration={seconds}",
                *codec,
                str(path),
            ],
            check=True,
        )
    return path.read_bytes()


def video_upload(seconds: int = 3, fmt: str = "webm", name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or f"第一课.{fmt}", video_bytes(seconds, fmt), content_type=f"video/{fmt}")


class World:
    """A training school with staff, two firms (one commissioned it, one did not), a course."""

    def __init__(self) -> None:
        self.school = make_organisation(900, "测试职业技能培训学校", kind="training")
        self.firm = make_organisation(901, "委托培训企业")
        self.other_firm = make_organisation(902, "未委托企业")
        self.staff = make_user("peixun_t", Role.PROVIDER, organisation=self.school, first_name="王老师")
        self.firm_user = make_user("qiye_t", Role.ENTERPRISE, organisation=self.firm)
        self.other_user = make_user("qiye_t2", Role.ENTERPRISE, organisation=self.other_firm)
        self.course = Course.objects.create(provider=self.school, title="电工岗位技能提升", free=False)

    def lesson(self, duration_ms: int = 600_000) -> Lesson:
        """A recorded lesson of the given length (as if read from its file)."""
        return Lesson.objects.create(
            course=self.course, title="第一课", duration_ms=duration_ms, video_type="video/webm"
        )

    def learner(self, seq: int, username: str | None = None, employer: object = None) -> tuple[Enrolment, object]:
        idn = id_number(seq)
        user = make_user(username or f"learner{seq}", Role.INDIVIDUAL, id_number=idn, first_name=f"学员{seq}")
        enrolment = Enrolment.objects.create(
            course=self.course,
            name=f"学员{seq}",
            id_number=idn,
            employer=employer or self.firm,
            relation=Relation.EMPLOYED,
            enrolled_by=self.staff,
        )
        return enrolment, user


def commission(world: World) -> None:
    """The firm commissions the school (agreement PDF, licence number)."""
    from tests.factories import pdf_upload
    from wengang.training.services import commission_record

    commission_record(
        user=world.staff,
        enterprise=world.firm,
        licence_number="京朝教民1101050000001号",
        upload=pdf_upload("培训协议.pdf"),
    )


def op6_claim(world: World, *trainees: tuple[str, str]) -> object:
    """The firm's OP6 claim for 2020 with (name, ID number) lines of 40 class hours each."""
    from wengang.subsidies.models import Application, SubsidyType, TrainingLine

    application = Application.objects.create(
        reference="OP6-TEST",
        organisation=world.firm,
        subsidy_type=SubsidyType.objects.get(policy="OP6"),
        period_start="2020-01-01",
        period_end="2020-12-31",
        applicant=world.firm_user,
    )
    for name, idn in trainees:
        TrainingLine.objects.create(application=application, name=name, id_number=idn, class_hours=40)
    return application
