"""Employment monitoring (N18/N19): the monthly registry extracts as a time series per firm, and the
warnings they raise as alerts — a case type on the shared case core (``warning_workflow.py``)."""

from __future__ import annotations

from django.db import models

from wengang.cases import fields
from wengang.registry.models import ImportJob, Organisation, Street


class FirmMonth(models.Model):
    """One firm's month of the monthly extract: insured at the start, new and lost insured people.

    The street and industry are those of the month's extract, so a firm that moves counts under the
    street it was in that month. One row per firm and month: importing a month again replaces it."""

    organisation = models.ForeignKey(Organisation, verbose_name="单位", on_delete=models.CASCADE, related_name="months")
    month = models.DateField("月份", help_text="该月第一天")
    street = models.ForeignKey(Street, verbose_name="所属街乡", null=True, blank=True, on_delete=models.PROTECT)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    insured_start = models.PositiveIntegerField("月初参保人数")
    new_insured = models.PositiveIntegerField("当月新增参保人数")
    lost_insured = models.PositiveIntegerField("当月减少参保人数")
    job = models.ForeignKey(ImportJob, verbose_name="导入任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "企业月度参保"
        verbose_name_plural = "企业月度参保"
        ordering = ["month", "organisation_id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "month"], name="firm_month_once")]
        indexes = [
            # the monitoring page's sums per month, street and industry read from the index alone
            # (PostgreSQL INCLUDE; the visibility map kept by autovacuum)
            models.Index(
                fields=["month", "street"],
                include=["insured_start", "new_insured", "lost_insured", "industry_code", "id"],
                name="firmmonth_month_street",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.month:%Y-%m}"

    @property
    def insured_end(self) -> int:
        return self.insured_start + self.new_insured - self.lost_insured


class AlertStatus(models.TextChoices):
    OPEN = "open", "待签收"
    ESCALATED = "escalated", "已升级"
    ACKNOWLEDGED = "acknowledged", "已签收"
    RESPONDING = "responding", "处置中"
    CLOSED = "closed", "已办结"


class AlertLevel(models.TextChoices):
    RED = "red", "红色预警"
    ORANGE = "orange", "橙色预警"
    YELLOW = "yellow", "黄色预警"


#: levels highest first, for ordering
LEVEL_RANK = {AlertLevel.RED: 3, AlertLevel.ORANGE: 2, AlertLevel.YELLOW: 1}


class Alert(fields.CaseRecord):
    """A warning of one month: a firm's (N18) or a street's (N19), assigned to the street (or, for a
    firm without one, to the department), acknowledged, answered with measures, closed."""

    class Scope(models.TextChoices):
        FIRM = "firm", "企业"
        STREET = "street", "街乡"

    scope = models.CharField("预警对象", max_length=10, choices=Scope.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    street = models.ForeignKey(Street, verbose_name="责任街乡", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", verbose_name="责任部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份")
    level = models.CharField("预警等级", max_length=10, choices=AlertLevel.choices)
    insured_start = models.PositiveIntegerField("月初参保人数")
    lost_insured = models.PositiveIntegerField("当月减少参保人数")
    #: the engine's reasons (Chinese, with clause ids)
    reasons = models.JSONField("预警依据", default=list)
    provisional = models.BooleanField("引用待核实参数", default=False)
    ack_due = models.DateField("签收期限")
    status = fields.status(AlertStatus, default=AlertStatus.OPEN)

    class Meta:
        verbose_name = "失业预警"
        verbose_name_plural = "失业预警"
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"], condition=models.Q(scope="firm"), name="alert_firm_month_once"
            ),
            models.UniqueConstraint(
                fields=["street", "month"], condition=models.Q(scope="street"), name="alert_street_month_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}{self.month:%Y年%m月}{self.get_level_display()}"

    @property
    def subject(self) -> str:
        if self.scope == self.Scope.FIRM and self.organisation is not None:
            return self.organisation.name
        return str(self.street) if self.street else "未登记街乡"

    @property
    def rate(self) -> float | None:
        return self.lost_insured / self.insured_start if self.insured_start else None

    @property
    def responsible(self) -> str:
        if self.street is not None:
            return str(self.street)
        return str(self.department) if self.department else "区人社局"


class Measure(models.Model):
    """A response measure (应对措施) recorded on an alert: contact, guidance, subsidy offers, outcome."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "走访联系企业"
        GUIDANCE = "guidance", "稳岗政策指导"
        SUBSIDY = "subsidy", "推送补贴政策"
        PLACEMENT = "placement", "转岗就业服务"
        OTHER = "other", "其他措施"

    alert = models.ForeignKey(Alert, verbose_name="预警", on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField("措施类别", max_length=20, choices=Kind.choices)
    taken_on = models.DateField("日期")
    contact = models.CharField("联系人及方式", max_length=100, blank=True)
    description = models.TextField("措施内容", max_length=2000)
    subsidies_offered = models.CharField("推荐的补贴政策", max_length=200, blank=True)
    outcome = models.TextField("结果", max_length=2000, blank=True)
    recorded_by = fields.person("记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "应对措施"
        verbose_name_plural = "应对措施"
        ordering = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.taken_on}）"
