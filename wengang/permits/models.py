"""Labour-dispatch and special-working-hours permits (附件3): types, cases, materials, e-mails, pickup.

The permit type is data (admin-editable: business name, intake mailbox, checklist). A case moves
through ``workflow.permit_transition`` only; each move appends a ``cases.CaseEvent`` row, the
audit trail and the notification outbox.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from wengang import clock
from wengang.cases import fields


class Kind(models.TextChoices):
    DISPATCH = "dispatch", "劳务派遣行政许可"
    HOURS = "hours", "特殊工时工作制审批"


class Action(models.TextChoices):
    NEW = "new", "新申请"
    CHANGE = "change", "变更"
    RENEWAL = "renewal", "延续"
    CANCELLATION = "cancellation", "注销"
    INDEFINITE = "indefinite", "不定时工作制"
    COMPREHENSIVE = "comprehensive", "综合计算工时工作制"


#: which actions belong to which kind of permit
ACTIONS_OF_KIND = {
    Kind.DISPATCH: frozenset({Action.NEW, Action.CHANGE, Action.RENEWAL, Action.CANCELLATION}),
    Kind.HOURS: frozenset({Action.INDEFINITE, Action.COMPREHENSIVE}),
}


class Status(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    E_APPROVED = "e_approved", "电子材料审核合格"
    PAPER_RECEIVED = "paper_received", "纸质材料已收到"
    ONSITE_SCHEDULED = "onsite_scheduled", "已安排实地核查"
    ONSITE_DONE = "onsite_done", "实地核查完成"
    APPROVED = "approved", "准予许可"
    REJECTED = "rejected", "不予许可"
    PUBLISHED = "published", "已公示，待领取"
    COLLECTED = "collected", "纸质结果已领取"


#: a case still being handled: e-mails and uploads attach to it
OPEN = (
    Status.SUBMITTED,
    Status.E_APPROVED,
    Status.PAPER_RECEIVED,
    Status.ONSITE_SCHEDULED,
    Status.ONSITE_DONE,
)
#: granted permits, shown on the public 双公示 page
GRANTED = (Status.APPROVED, Status.PUBLISHED, Status.COLLECTED)


class PermitType(models.Model):
    """One business of 附件3, e.g. 新申请劳务派遣行政许可; its name is the 业务名称 in file names."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("业务名称", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    action = models.CharField("事项", max_length=20, choices=Action.choices)
    #: the mailbox the notice names for the e-mail route of this kind (data, not code)
    intake_mailbox = models.EmailField("受理邮箱", blank=True)
    active = models.BooleanField("开放申请", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "许可类型"
        verbose_name_plural = "许可类型"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        allowed = ACTIONS_OF_KIND.get(Kind(self.kind), frozenset()) if self.kind else frozenset()
        if self.action and self.action not in allowed:
            raise ValidationError({"action": f"“{Kind(self.kind).label}”没有“{Action(self.action).label}”事项"})


class PermitRequirement(fields.ChecklistItem):
    """One item of a permit type's materials checklist."""

    permit_type = models.ForeignKey(PermitType, on_delete=models.CASCADE, related_name="requirements")

    class Meta:
        verbose_name = "许可材料清单项"
        verbose_name_plural = "许可材料清单"
        ordering = ["permit_type", "order", "id"]


class OrganisationEmail(models.Model):
    """An address an organisation sends its applications from; the e-mail route recognises it."""

    organisation = fields.organisation("单位", "permit_emails", on_delete=models.CASCADE)
    email = models.EmailField("邮箱", unique=True)

    class Meta:
        verbose_name = "单位邮箱"
        verbose_name_plural = "单位邮箱"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PermitCase(models.Model):
    """An organisation's application for one permit type, and its paper and on-site steps."""

    class Channel(models.TextChoices):
        PORTAL = "portal", "网上申请"
        EMAIL = "email", "电子邮件"

    reference = models.CharField("案件编号", max_length=30, unique=True)
    organisation = fields.organisation("申请单位", "permit_cases")
    permit_type = models.ForeignKey(PermitType, verbose_name="许可类型", on_delete=models.PROTECT, related_name="cases")
    status = fields.status(Status, default=Status.SUBMITTED, db_index=True)
    channel = models.CharField("提交方式", max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    applicant = fields.person("经办人", optional=True)
    #: replies for the e-mail route go here
    contact_email = models.EmailField("联系邮箱", blank=True)
    submitted_at = models.DateTimeField("提交时间", default=clock.now)
    # the paper set (纸质材料): every page sealed, a cross-page seal, the envelope labelled
    paper_pages_sealed = models.BooleanField("每页加盖公章", default=False)
    paper_cross_page_seal = models.BooleanField("加盖骑缝章", default=False)
    envelope_unit = models.BooleanField("信封注明单位名称", default=False)
    envelope_matter = models.BooleanField("信封注明申请事项", default=False)
    envelope_sender = models.BooleanField("信封注明寄件人", default=False)
    envelope_phone = models.BooleanField("信封注明北京地区联系电话", default=False)
    # on-site check (实地核查)
    onsite_date = models.DateField("实地核查日期", null=True, blank=True)
    onsite_inspectors = models.CharField("核查人员", max_length=100, blank=True)
    onsite_result = models.TextField("核查结果", blank=True)
    onsite_passed = models.BooleanField("核查合格", null=True, blank=True)
    # decision
    permit_number = models.CharField("许可证编号", max_length=60, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_to = models.DateField("有效期至", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    rejection_reason = models.TextField("不予许可理由", blank=True)
    decided_by = fields.person("决定人", optional=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    collected_at = models.DateTimeField("领取时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: the 办理记录 (``cases.CaseEvent``), oldest first
    changes = fields.history()

    class Meta:
        verbose_name = "许可案件"
        verbose_name_plural = "许可案件"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # e-mails and uploads of one organisation for one business go to one open case
            models.UniqueConstraint(
                fields=["organisation", "permit_type"], condition=Q(status__in=OPEN), name="one_open_permit_case"
            ),
            models.UniqueConstraint(
                fields=["permit_number"], condition=~Q(permit_number=""), name="unique_permit_number"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    PAPER_FIELDS = (
        "paper_pages_sealed",
        "paper_cross_page_seal",
        "envelope_unit",
        "envelope_matter",
        "envelope_sender",
        "envelope_phone",
    )

    def paper_missing(self) -> list[str]:
        """The labels of the paper checklist items not yet ticked."""
        labels = {f.name: str(f.verbose_name) for f in self._meta.fields}
        return [labels[name] for name in self.PAPER_FIELDS if not getattr(self, name)]


def permit_material_path(instance: PermitMaterial, filename: str) -> str:
    return f"permits/{instance.case.reference}/{instance.sha256[:16]}.pdf"


class PermitEmail(models.Model):
    """One imported e-mail (deduplicated by Message-ID or content hash) and what became of it."""

    class Outcome(models.TextChoices):
        ATTACHED = "attached", "已归入案件"
        UNMATCHED = "unmatched", "无法识别"
        REFUSED = "refused", "材料不合格，已退回"
        FAILED = "failed", "导入失败，待人工处理"

    dedup_key = models.CharField("去重键", max_length=255, unique=True)
    message_id = models.CharField("Message-ID", max_length=255, blank=True)
    sender = models.CharField("发件人", max_length=255, blank=True)
    recipients = models.CharField("收件人", max_length=500, blank=True)
    subject = models.CharField("主题", max_length=255, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    attachment_names = models.JSONField("附件", default=list, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    reason = models.TextField("原因", blank=True)
    organisation = fields.organisation(None, "+", optional=True)
    case = models.ForeignKey(PermitCase, null=True, blank=True, on_delete=models.PROTECT, related_name="emails")
    reply_sent_at = models.DateTimeField("回复时间", null=True, blank=True)
    imported_at = models.DateTimeField("导入时间", default=clock.now, editable=False)

    class Meta:
        verbose_name = "许可申请邮件"
        verbose_name_plural = "许可申请邮件"
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.subject or self.dedup_key


class PermitMaterial(fields.StoredPdf):
    """A PDF of a case, checked by content, stored under the name 单位名称+业务名称.pdf."""

    case = models.ForeignKey(PermitCase, on_delete=models.CASCADE, related_name="materials")
    requirement = models.ForeignKey(
        PermitRequirement, null=True, blank=True, on_delete=models.PROTECT, related_name="materials"
    )
    file = models.FileField("文件", upload_to=permit_material_path)
    uploaded_by = fields.person(optional=True)
    email = models.ForeignKey(PermitEmail, null=True, blank=True, on_delete=models.PROTECT, related_name="materials")

    class Meta:
        verbose_name = "许可申请材料"
        verbose_name_plural = "许可申请材料"
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="one_permit_material_per_file")]


class PickupBatch(fields.Created):
    """A day on which paper results are handed out, in appointment slots of fixed length."""

    date = models.DateField("领取日期")
    place = models.CharField("领取地点", max_length=100)
    first_slot = models.TimeField("首个时段开始", default=dt.time(9, 0))
    slot_minutes = models.PositiveSmallIntegerField("每个时段（分钟）", default=30)
    slot_count = models.PositiveSmallIntegerField("时段数", default=8)

    class Meta:
        verbose_name = "领取批次"
        verbose_name_plural = "领取批次"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.place}"

    def slots(self) -> list[dt.time]:
        start = dt.datetime.combine(self.date, self.first_slot)
        return [(start + dt.timedelta(minutes=self.slot_minutes * i)).time() for i in range(self.slot_count)]


class PickupAppointment(models.Model):
    """One case's appointment in a pickup batch; one case per slot."""

    batch = models.ForeignKey(PickupBatch, on_delete=models.PROTECT, related_name="appointments")
    case = models.OneToOneField(PermitCase, on_delete=models.PROTECT, related_name="appointment")
    slot = models.TimeField("时段")
    booked_by = fields.person()
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "领取预约"
        verbose_name_plural = "领取预约"
        ordering = ["batch", "slot"]
        constraints = [models.UniqueConstraint(fields=["batch", "slot"], name="one_case_per_pickup_slot")]

    def __str__(self) -> str:
        return f"{self.batch} {self.slot:%H:%M}"
