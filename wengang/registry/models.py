"""The registry: street offices and the organisations (enterprises, HR agencies) of the district."""

from __future__ import annotations

from typing import Any

from django.db import models

from wengang import clock
from wengang.cases.fields import Tracked
from wengang.policy.fields import field_label

from .validators import validate_uscc


class Street(models.Model):
    """One of Chaoyang District's 43 street and area offices (街道办事处 / 地区办事处)."""

    class Kind(models.TextChoices):
        STREET = "street", "街道"
        AREA = "area", "地区"

    name = models.CharField("名称", max_length=20, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = "街乡"
        verbose_name_plural = "街乡"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name + ("街道" if self.kind == self.Kind.STREET else "地区")


class Organisation(Tracked):
    """An employer or an HR agency, identified by its unified social credit code."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "用人单位"
        AGENCY = "agency", "经营性人力资源服务机构"
        TRAINING = "training", "培训机构"
        SCHOOL = "school", "高等学校"
        BANK = "bank", "经办银行"

    class KeyCategory(models.TextChoices):
        EPIDEMIC = "epidemic", "保障疫情防控"
        CITY = "city", "城市公共运行"
        NECESSITIES = "necessities", "群众生活必需"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    street = models.ForeignKey(Street, verbose_name="所属街乡", null=True, blank=True, on_delete=models.PROTECT)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    key_category = models.CharField("重点企业类别", max_length=20, choices=KeyCategory.choices, blank=True)
    #: the registry extract's values for this organisation (REGISTRY.md field names → text), as
    #: the policy engine reads them; empty or missing means unknown
    facts = models.JSONField("登记数据", default=dict, blank=True)
    facts_as_of = models.DateField("登记数据日期", null=True, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_key_enterprise(self) -> bool:
        return bool(self.key_category)

    def engine_facts(self) -> dict[str, Any]:
        """The facts for ``wengang.policy.explain``: the registry values plus identity."""
        return {**self.facts, "uscc": self.uscc, "name": self.name, "street": self.street.name if self.street else ""}


class ImportJob(models.Model):
    """One import run in the background (``wengang.imports``): a registry extract or a street's
    vacancy list; its progress for the result page, then its counts and the rows it rejected.
    The import itself is one transaction: a failed job imported nothing."""

    class Kind(models.TextChoices):
        REGISTRY = "registry", "登记数据"
        JOB_POSTS = "job_posts", "岗位信息"
        MONTHLY = "monthly", "月度参保数据"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "导入失败"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.REGISTRY)
    file = models.FileField("上传文件", upload_to="imports/")
    original_name = models.CharField("原文件名", max_length=255)
    as_of = models.DateField("登记数据日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=50, default="等待开始")
    created = models.PositiveIntegerField("新建", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    rejected = models.PositiveIntegerField("拒收行数", default=0)
    #: the first rejects (row, line, column, value, reason), as many as the page lists
    rejects = models.JSONField("拒收的行", default=list, blank=True)
    rejects_total = models.PositiveIntegerField("问题总数", default=0)
    unknown_streets = models.JSONField("未识别的街乡", default=list, blank=True)
    #: what else a kind reports, e.g. a vacancy list's posts held for moderation and counts per street
    details = models.JSONField("其他结果", default=dict, blank=True)
    encoding = models.CharField("文件编码", max_length=10, blank=True)
    error = models.TextField("失败原因", blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="导入人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提交时间", default=clock.now, editable=False)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def hidden_rejects(self) -> int:
        """Problems found but not kept for the page (the command lists them all)."""
        return self.rejects_total - len(self.rejects)

    @property
    def listed_rejects(self) -> list[dict[str, Any]]:
        """The kept rejects with each column's Chinese label from the registry contract."""
        return [{**r, "label": field_label(r["column"])} for r in self.rejects]
