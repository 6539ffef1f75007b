"""Key-enterprise service (S1, S4): the needs ledger, the contact log, and the pushes of a need to
HR agencies and nearby streets.

Key enterprises are ``registry.Organisation`` rows with ``key_category`` set. Status changes of a
need go through ``workflow.need_transition`` only; progress is recorded as dated entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from wengang import clock
from wengang.cases import fields


class NeedStatus(models.TextChoices):
    OPEN = "open", "招聘中"
    FILLED = "filled", "已招满"
    CLOSED = "closed", "已关闭"


class Need(fields.CaseRecord):
    """One position a key enterprise needs staffed: how many, by when, where, for what pay."""

    organisation = fields.organisation("重点企业", "needs")
    post = models.CharField("岗位名称", max_length=100)
    count = models.PositiveIntegerField("需求人数")
    filled = models.PositiveIntegerField("已到岗人数", default=0)
    deadline = models.DateField("截止日期")
    street = models.ForeignKey("registry.Street", verbose_name="工作地所属街乡", on_delete=models.PROTECT)
    workplace = models.CharField("工作地点", max_length=200, blank=True)
    pay_min = models.DecimalField("月薪下限（元）", max_digits=10, decimal_places=2)
    pay_max = models.DecimalField("月薪上限（元）", max_digits=10, decimal_places=2)
    note = models.TextField("备注", blank=True)
    status = fields.status(NeedStatus, default=NeedStatus.OPEN, max_length=10, db_index=True)
    created_by = fields.person("登记人")

    class Meta:
        verbose_name = "用工需求"
        verbose_name_plural = "用工需求"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="need_at_least_one"),
            models.CheckConstraint(condition=Q(filled__lte=models.F("count")), name="need_filled_within_count"),
            models.CheckConstraint(condition=Q(pay_max__gte=models.F("pay_min")), name="need_pay_range_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.post}（{self.count} 人）"

    @property
    def open_count(self) -> int:
        """Positions still to fill: ``filled + open_count == count`` always."""
        return self.count - self.filled


class NeedProgress(models.Model):
    """A dated progress entry: how many were in post on that day, and what happened."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField("日期")
    filled_before = models.PositiveIntegerField("此前到岗")
    filled = models.PositiveIntegerField("累计到岗")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = fields.person()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "招聘进度"
        verbose_name_plural = "招聘进度"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} 到岗 {self.filled_before} → {self.filled}"


class Publication(models.Model):
    """One push of a need to chosen HR agencies and streets; records who was notified and when."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="publications")
    published_by = fields.person()
    published_at = models.DateTimeField(default=clock.now)
    agencies = models.ManyToManyField(
        "registry.Organisation", verbose_name="人力资源服务机构", related_name="+", blank=True
    )
    streets = models.ManyToManyField("registry.Street", verbose_name="街乡", related_name="+", blank=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="已通知", related_name="keyservice_publications", blank=True
    )

    class Meta:
        verbose_name = "需求推送"
        verbose_name_plural = "需求推送"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.need} 推送于 {self.published_at:%Y-%m-%d %H:%M}"


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    WECHAT = "wechat", "微信"
    EMAIL = "email", "邮件"
    VISIT = "visit", "上门"


class ContactEntry(models.Model):
    """One contact with a key enterprise: what was agreed, the next step, and when to follow up.

    An entry's follow-up is settled by the next entry recorded for the same enterprise
    (``followed_up_by``); until then, from its follow-up date on, it is due and the responsible
    staff member is reminded once (``reminded_at``).
    """

    organisation = fields.organisation("重点企业", "contacts")
    on = models.DateField("联系日期")
    at_time = models.TimeField("时间", null=True, blank=True)
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    contact_person = models.CharField("联系人", max_length=50)
    agreed = models.TextField("沟通情况与约定事项")
    next_step = models.CharField("下一步", max_length=300, blank=True)
    follow_up_on = models.DateField("跟进日期", null=True, blank=True)
    responsible = fields.person("责任人", "keyservice_followups")
    recorded_by = fields.person()
    followed_up_by = models.ForeignKey(
        "self", verbose_name="后续联系", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField("已提醒", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "联系记录"
        verbose_name_plural = "联系记录"
        ordering = ["on", "at_time", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.on:%Y-%m-%d} {self.get_channel_display()}"
