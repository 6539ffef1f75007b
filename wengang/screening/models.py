"""One screening run of a registry extract: what went in (file, hash, decision date, variant,
overrides), how far it got, and what came out (counts, result/rejects/meta files)."""

from __future__ import annotations

from django.db import models

from wengang.cases import fields


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "筛查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


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
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "筛查任务"
        verbose_name_plural = "筛查任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"筛查 {self.pk}（{self.input_name}，{self.get_status_display()}）"

    @property
    def progress(self) -> float:
        """0.0–1.0; 1.0 once done."""
        if self.status == RunStatus.DONE:
            return 1.0
        if not self.rows_total:
            return 0.0
        return min(1.0, self.rows_done / self.rows_total)
