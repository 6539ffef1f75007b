"""The online vocational training platform (N11, OP6): providers, courses, lessons, real-name
enrolments and the learning record from which a firm's OP6 roster is built.

A learner's time on a recorded lesson is kept as the *positions of the video* actually watched:
merged, non-overlapping intervals in milliseconds (``LessonProgress.intervals``), so a retried or
replayed heartbeat, a rewind or a second device never counts a second twice. Minutes per service
day are kept alongside, so a claim period can be summed. Class hours are the engine's
(``wengang.policy.class_hours``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from wengang.cases import fields


class Category(models.TextChoices):
    SKILLS = "skills", "岗位技能提升"
    INJURY = "injury", "工伤预防"
    SAFETY = "safety", "安全生产"
    OTHER = "other", "其他"


class Mode(models.TextChoices):
    FULL_TIME = "full_time", "脱产"
    SPARE_TIME = "spare_time", "业余"
    ON_THE_JOB = "on_the_job", "边生产边培训"


class Commission(fields.StoredPdf):
    """An enterprise commissions a school or licensed training institution: the agreement PDF and
    the institution's licence number. Without one, the provider enrols no employee of that firm."""

    provider = fields.organisation("培训机构", "training_commissions_taken")
    enterprise = fields.organisation("委托企业", "training_commissions")
    licence_number = models.CharField("办学许可证号", max_length=50)
    file = models.FileField("培训协议", upload_to="training/agreements/")
    recorded_by = fields.person("登记人")

    class Meta:
        verbose_name = "委托培训协议"
        verbose_name_plural = "委托培训协议"
        constraints = [models.UniqueConstraint(fields=["provider", "enterprise"], name="one_commission_per_pair")]

    def __str__(self) -> str:
        return f"{self.enterprise} 委托 {self.provider}"


class Course(fields.Tracked):
    """A course of a provider (a training institution, or an enterprise training its own staff)."""

    provider = fields.organisation("培训机构", "courses")
    title = models.CharField("课程名称", max_length=100)
    category = models.CharField("培训内容", max_length=20, choices=Category.choices, default=Category.SKILLS)
    mode = models.CharField("培训方式", max_length=20, choices=Mode.choices, default=Mode.SPARE_TIME)
    #: OP6 note: unemployed people may enrol in free courses
    free = models.BooleanField("免费课程（失业人员可报名）", default=False)
    description = models.TextField("课程简介", blank=True)
    #: completion (结业) is measured in class hours, the one unit every lesson kind (recorded, live,
    #: offline) is counted in and OP6 reads; see ``certificates.completion``
    completion_hours = models.DecimalField("结业所需课时", max_digits=6, decimal_places=1, default=40)

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class LessonKind(models.TextChoices):
    VIDEO = "video", "录播视频"
    LIVE = "live", "直播课"
    OFFLINE = "offline", "线下课"


def video_path(instance: Lesson, filename: str) -> str:
    return f"training/videos/{instance.course_id}/{filename}"


def clock_text(ms: int) -> str:
    """A duration as 时:分:秒 (or 分:秒 under an hour)."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


class Lesson(fields.Tracked):
    """One lesson of a course. A recorded video's duration is read from the file (PyAV)."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField("课节名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=LessonKind.choices, default=LessonKind.VIDEO)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    video = models.FileField("视频文件", upload_to=video_path, blank=True)
    video_type = models.CharField("视频格式", max_length=40, blank=True)
    #: read from the file, never typed in
    duration_ms = models.PositiveBigIntegerField("视频时长（毫秒）", default=0)
    starts_at = models.DateTimeField("开始时间", null=True, blank=True)
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "课节"
        verbose_name_plural = "课节"
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_text(self) -> str:
        return clock_text(self.duration_ms)


class Relation(models.TextChoices):
    EMPLOYED = "employed", "本企业职工"
    WAITING = "waiting", "本企业待岗职工"
    UNEMPLOYED = "unemployed", "失业人员"


class Enrolment(fields.MaskedIdNumber, fields.Tracked):
    """A real-name enrolment: a person (by ID number) on a course, with the employer it is for."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="enrolments")
    name = models.CharField("姓名", max_length=50)
    id_number = fields.id_number()
    employer = fields.organisation("所在企业", "trainees", optional=True)
    relation = models.CharField("人员类别", max_length=20, choices=Relation.choices, default=Relation.EMPLOYED)
    enrolled_by = fields.person("报名登记人")
    offline_minutes = models.PositiveIntegerField("线下签到分钟", default=0)

    class Meta:
        verbose_name = "学员报名"
        verbose_name_plural = "学员报名"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "id_number"], name="one_enrolment_per_course_person"),
            models.CheckConstraint(
                condition=Q(relation="unemployed") | Q(employer__isnull=False), name="employee_has_employer"
            ),
        ]
        indexes = [models.Index(fields=["id_number"], name="training_enrolment_person")]

    def __str__(self) -> str:
        return f"{self.name} · {self.course}"


class LessonProgress(models.Model):
    """What one learner has watched of one recorded lesson: merged intervals of video positions."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    #: [[start_ms, end_ms], …] sorted, merged, non-overlapping
    intervals = models.JSONField("已观看区间", default=list)
    counted_ms = models.PositiveBigIntegerField("计入时长（毫秒）", default=0)
    #: service date (ISO) → milliseconds counted that day
    by_day = models.JSONField("每日计入（毫秒）", default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "学习进度"
        verbose_name_plural = "学习进度"
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.lesson_id}"


class LearningSession(models.Model):
    """One device watching one lesson. A learner has one active session: opening a lesson on a
    second device ends the first (its heartbeats then count nothing and its page pauses)."""

    token = models.CharField(max_length=43, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_sessions")
    progress = models.ForeignKey(LessonProgress, on_delete=models.CASCADE, related_name="sessions")
    active = models.BooleanField(default=True)
    started_at = models.DateTimeField()
    #: real time of the last accepted heartbeat (the rate check measures against it)
    last_at = models.DateTimeField()
    last_seq = models.PositiveIntegerField(default=0)
    last_position_ms = models.PositiveBigIntegerField(default=0)
    #: how much video the session may still report: grows at 2× real time, up to a cap (a token
    #: bucket), so a report delayed in a queue does not count as too fast, and a long silence buys
    #: no burst
    budget_ms = models.PositiveBigIntegerField(default=0)
    #: after this moment nothing counts until the learner answers the presence check
    check_due_at = models.DateTimeField()

    class Meta:
        verbose_name = "学习会话"
        verbose_name_plural = "学习会话"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(active=True), name="one_active_learning_session"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"


class RejectedHeartbeat(models.Model):
    """A heartbeat that counted nothing because it could not be true: the audit of forgeries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    session = models.ForeignKey(LearningSession, null=True, on_delete=models.SET_NULL, related_name="rejections")
    lesson_id_claimed = models.BigIntegerField(null=True)
    reason = models.CharField("原因", max_length=200)
    payload = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "未计入的学习记录"
        verbose_name_plural = "未计入的学习记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.reason


class Attendance(models.Model):
    """Minutes one trainee attended one offline (or live) lesson, from the provider's attendance sheet.
    A new sheet for the lesson replaces the old one; ``Enrolment.offline_minutes`` is their sum."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attendances")
    minutes = models.PositiveSmallIntegerField("签到分钟")

    class Meta:
        verbose_name = "线下签到"
        verbose_name_plural = "线下签到"
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_attendance_per_lesson")]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.minutes}"


# ---- live lessons ------------------------------------------------------------------------------


class LiveStatus(models.TextChoices):
    SCHEDULED = "scheduled", "未开始"
    LIVE = "live", "直播中"
    ENDED = "ended", "已结束"


class LiveSession(fields.CaseRecord):
    """The live room of a live lesson: the provider's streaming platform link, and when the
    provider actually started and ended it (the moves of ``live.LIVE_SESSIONS``, audited)."""

    lesson = models.OneToOneField(Lesson, verbose_name="课节", on_delete=models.CASCADE, related_name="live")
    room_url = models.URLField("直播间链接", max_length=500)
    status = fields.status(LiveStatus, default=LiveStatus.SCHEDULED)
    started_at = models.DateTimeField("实际开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("实际结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "直播"
        verbose_name_plural = "直播"

    def __str__(self) -> str:
        return str(self.lesson)


class LiveVisit(models.Model):
    """One stay of one trainee in a live room: from 进入直播 to 离开 (or to the last presence ping,
    when the page was closed). A trainee has at most one open stay per room."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="visits")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="live_visits")
    joined_at = models.DateTimeField("进入时间")
    last_seen_at = models.DateTimeField("最近在线")
    left_at = models.DateTimeField("离开时间", null=True, blank=True)

    class Meta:
        verbose_name = "直播出勤"
        verbose_name_plural = "直播出勤"
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["live", "enrolment"], condition=Q(left_at__isnull=True), name="one_open_live_visit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.joined_at:%H:%M}"


# ---- completion certificates -------------------------------------------------------------------


def certificate_path(instance: Certificate, filename: str) -> str:
    return f"training/certificates/{instance.enrolment.course_id}/{filename}"


class Certificate(models.Model):
    """A completion certificate (结业证书): numbered and coded by ``wengang.documents``, its PDF made
    once at issue from what was fixed then (hours, date), so every download is the same document."""

    enrolment = models.OneToOneField(Enrolment, verbose_name="学员", on_delete=models.PROTECT, related_name="certificate")
    document = models.OneToOneField(
        "documents.IssuedDocument", verbose_name="文号", on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField("结业课时", max_digits=8, decimal_places=2)
    issued_on = models.DateField("发证日期")
    issued_by = fields.person("发证人")
    file = models.FileField("证书文件", upload_to=certificate_path)

    class Meta:
        verbose_name = "结业证书"
        verbose_name_plural = "结业证书"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.document.number if self.document_id else ""
