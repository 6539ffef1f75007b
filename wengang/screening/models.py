"""One screening run of a registry extract: what went in (file, hash, decision date, variant,
overrides), how far it got, and what came out (counts, result/rejects/meta files)."""

from __future__ import annotations

from django.db import models

from wengang import clock
from wengang.cases import fields


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "筛查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


class ScreeningRun(models.Model):
    submitted_by = fields.person("提交人", "screening_runs")
    input_file = models.FileField("登记数据文件", upload_to="screening/input/%Y/%m/", max_length=255)
    input_name = models.CharField("原文件名", max_length=255)
    input_sha256 = models.CharField("文件SHA-256", max_length=64, db_index=True)
    decision_date = models.DateField("判定日期")
    variant = models.CharField("解读方案", max_length=50, default="baseline")
    #: parameter overrides (simulation), NAME → value as text
    overrides = models.JSONField("参数调整", default=dict, blank=True)
    status = fields.status(RunStatus, default=RunStatus.QUEUED, db_index=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    rows_total = models.PositiveIntegerField("总行数", null=True, blank=True)
    #: the engine's Summary.to_dict(): rows, accepted, rejected, eligible/unknown/amount per policy
    counts = models.JSONField("统计", default=dict, blank=True)
    error = models.CharField("失败原因", max_length=500, blank=True)
    result_file = models.FileField("筛查结果", upload_to="screening/output/%Y/%m/", max_length=255, blank=True)
    rejects_file = models.FileField("拒收记录", upload_to="screening/output/%Y/%m/", max_length=255, blank=True)
    meta_file = models.FileField("参数说明", upload_to="screening/output/%Y/%m/", max_length=255, blank=True)
    created_at = models.DateTimeField("提交时间", default=clock.now, editable=False)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    #: set when staff publish the run's results to the firms (免申即享)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = fields.person("发布人", optional=True)

    class Meta:
        verbose_name = "筛查任务"
        verbose_name_plural = "筛查任务"
        ordering = ["-created_at", "-id"]

    #: set by run_submit when an earlier run of the same extract and scenario is returned
    reused = False

    def __str__(self) -> str:
        return f"筛查 {self.pk}（{self.input_name}，{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED)

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def progress(self) -> float:
        """0.0–1.0; 1.0 once done."""
        if self.status == RunStatus.DONE:
            return 1.0
        if not self.rows_total:
            return 0.0
        return min(1.0, self.rows_done / self.rows_total)


class PushStatus(models.TextChoices):
    PUSHED = "pushed", "已推送"
    OPENED = "opened", "已查看"
    CONFIRMED = "confirmed", "已确认申请"
    DECLINED = "declined", "已放弃"


class Push(models.Model):
    """One screened subsidy offered to one firm (免申即享): what the run found, frozen as screened.

    At most one push per organisation, subsidy type and period, whichever run found it: a firm is
    never offered the same claim twice.
    """

    run = models.ForeignKey(ScreeningRun, verbose_name="筛查任务", on_delete=models.PROTECT, related_name="pushes")
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="screening_pushes"
    )
    subsidy_type = models.ForeignKey(
        "subsidies.SubsidyType", verbose_name="补贴类型", on_delete=models.PROTECT, related_name="screening_pushes"
    )
    period_start = models.DateField("补贴期间起")
    period_end = models.DateField("补贴期间止")
    #: the engine's status for the firm: eligible (符合) or unknown (待定)
    outcome = models.CharField("筛查结论", max_length=20)
    amount = models.DecimalField("预计金额", max_digits=14, decimal_places=2, null=True, blank=True)
    #: the extract's row for the firm (field → text), the engine's PolicyResult.to_dict(), and
    #: for a 待定 firm the fields the engine lacked
    facts = models.JSONField("筛查数据", default=dict, blank=True)
    decision = models.JSONField("筛查结论详情", default=dict, blank=True)
    missing = models.JSONField("缺少的信息", default=list, blank=True)
    status = models.CharField("状态", max_length=20, choices=PushStatus.choices, default=PushStatus.PUSHED, db_index=True)
    application = models.OneToOneField(
        "subsidies.Application", verbose_name="申请", null=True, blank=True, on_delete=models.PROTECT,
        related_name="screening_push",
    )
    created_at = models.DateTimeField("推送时间", default=clock.now, editable=False)
    opened_at = models.DateTimeField("查看时间", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "免申即享推送"
        verbose_name_plural = "免申即享推送"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "subsidy_type", "period_start", "period_end"], name="one_push_per_org_type_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.subsidy_type}"
