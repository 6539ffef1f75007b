"""The job market (就业超市): vacancies posted by employers or by street offices on their behalf.

Every post passes the N17 wording check before it is published; urgent posts (急聘) are for key
enterprises only, pinned and expiring.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from wengang.cases import fields


class PostStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    MODERATION = "moderation", "待人工审核（用语提示）"
    PUBLISHED = "published", "已发布"
    EXPIRED = "expired", "已过期"
    WITHDRAWN = "withdrawn", "已撤下"
    REJECTED = "rejected", "未通过审核"


class JobPost(fields.Tracked):
    """One vacancy: what a job seeker needs to decide and to get in touch."""

    organisation = fields.organisation("用人单位", "job_posts")
    posted_by = fields.person("发布人", "job_posts")
    #: set when street staff post on the employer's behalf
    on_behalf_street = models.ForeignKey(
        "registry.Street", verbose_name="代为发布的街乡", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("岗位名称", max_length=100)
    description = models.TextField("岗位描述")
    openings = models.PositiveIntegerField("招聘人数")
    pay_min = models.DecimalField("月薪下限（元）", max_digits=10, decimal_places=2)
    pay_max = models.DecimalField("月薪上限（元）", max_digits=10, decimal_places=2)
    workplace = models.CharField("工作地点", max_length=200)
    street = models.ForeignKey("registry.Street", verbose_name="工作地所属街乡", on_delete=models.PROTECT)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    schedule = models.CharField("工作时间", max_length=100)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    deadline = models.DateField("截止日期")
    urgent = models.BooleanField("急聘", default=False)
    internship = models.BooleanField("见习岗位", default=False)
    status = fields.status(PostStatus, default=PostStatus.DRAFT, db_index=True)
    #: the N17 wording check's findings at the last save (warnings kept for moderation)
    wording_findings = models.JSONField("用语检查结果", default=list, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "招聘岗位"
        verbose_name_plural = "招聘岗位"
        ordering = ["-urgent", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(pay_max__gte=models.F("pay_min")), name="pay_range_ordered"),
            models.CheckConstraint(condition=Q(openings__gte=1), name="at_least_one_opening"),
        ]
        indexes = [
            # the public order (急聘 first, newest first) of published posts: the search walks it
            models.Index(
                F("urgent").desc(), F("published_at").desc(), F("id").desc(),
                condition=Q(status="published"), name="jobpost_live_order",
            ),
            # the dashboards' job market (monitoring.employment): posts ever published, per street and
            # date, read from the index alone (PostgreSQL INCLUDE) rather than the posts' wide rows
            models.Index(
                fields=["street", "published_at"], include=["openings", "urgent", "industry_code", "id"],
                condition=Q(status__in=("published", "expired", "withdrawn"), published_at__isnull=False),
                name="jobpost_market",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"

    @property
    def events(self) -> models.QuerySet[Any]:
        """The 状态记录 (``cases.CaseEvent``), oldest first. Not a relation: a deleted post's
        history stays, as audit rows do."""
        from wengang.cases.workflow import history

        return history(self)


class WordingRule(models.Model):
    """One N17 wording rule: text that refuses people (block), that needs a second look (warn), or that
    is legitimate or inclusive and must never be flagged (allow: 不限户籍、男女均可、湖北路、已婚员工可申请夫妻房).

    Data, not code: administrators add and tune rules in the admin; the seed list is migration
    ``0005_wording_context_rules`` (it replaced the first list of 0003).
    """

    class Kind(models.TextChoices):
        ALLOW = "allow", "例外（合法或包容用语，不提示）"
        BLOCK = "block", "禁止（不得发布）"
        WARN = "warn", "提示（人工审核）"

    class Category(models.TextChoices):
        EPIDEMIC_AREA = "epidemic_area", "疫情地区"
        HUKOU = "hukou", "户籍籍贯"
        GENDER = "gender", "性别"
        AGE = "age", "年龄"
        ETHNICITY = "ethnicity", "民族"
        MARRIAGE = "marriage", "婚育"

    pattern = models.TextField(
        "匹配用语",
        help_text="正则表达式或普通文字（见“按正则匹配”）。“例外”规则匹配到的文字不再参与禁止、提示规则的检查。",
    )
    is_regex = models.BooleanField("按正则匹配", default=True)
    kind = models.CharField("处理方式", max_length=10, choices=Kind.choices)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    clause = models.CharField("政策条款", max_length=20, default="N17")
    explanation = models.CharField("说明", max_length=300)
    suggestion = models.CharField("建议改写", max_length=300, blank=True, help_text="“例外”规则可不填")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "招聘用语规则（N17）"
        verbose_name_plural = "招聘用语规则（N17）"
        ordering = ["kind", "category", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_category_display()} · {self.pattern}"

    def clean(self) -> None:
        import re

        from django.core.exceptions import ValidationError

        if self.is_regex:
            try:
                re.compile(self.pattern)
            except re.error as err:
                raise ValidationError({"pattern": f"正则表达式有误：{err}"}) from err


