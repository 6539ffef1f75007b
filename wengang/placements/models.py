"""Candidates for job posts, agencies' placements with key enterprises (OP4), internship bases (N9, S3).

Each case type has a status enum; the allowed moves and who makes them are in ``workflow.py``, and
every change appends a ``cases.CaseEvent`` row (the audit trail).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from wengang.registry.validators import mask_id_number, validate_id_number


class CandidacyStatus(models.TextChoices):
    APPLIED = "applied", "已投递"
    RECOMMENDED = "recommended", "已推荐"
    INTERVIEWING = "interviewing", "面试中"
    HIRED = "hired", "已录用"
    NOT_HIRED = "not_hired", "未录用"
    WITHDRAWN = "withdrawn", "已撤回"


class Candidacy(models.Model):
    """A job seeker for one post: applied by themselves, or recommended by staff or an agency."""

    post = models.ForeignKey("jobs.JobPost", verbose_name="岗位", on_delete=models.PROTECT, related_name="candidacies")
    #: the job seeker's own account, when they applied themselves
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="求职者账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("居民身份证号码", max_length=18, validators=[validate_id_number])
    phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("推荐说明", max_length=200, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="推荐人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    #: the agency that recommended, so its users (and only they) follow the recommendation
    agency = models.ForeignKey(
        "registry.Organisation",
        verbose_name="推荐机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    status = models.CharField("状态", max_length=20, choices=CandidacyStatus.choices, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: the 办理记录 (``cases.CaseEvent``), oldest first
    changes = GenericRelation("cases.CaseEvent")

    class Meta:
        verbose_name = "求职者（投递/推荐）"
        verbose_name_plural = "求职者（投递/推荐）"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "id_number"],
                condition=~Q(status="withdrawn"),
                name="one_open_candidacy_per_person_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.post_id}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class PlacementStatus(models.TextChoices):
    DECLARED = "declared", "待重点企业确认"
    CONFIRMED = "confirmed", "双方已确认"
    DISPUTED = "disputed", "重点企业有异议"
    WITHDRAWN = "withdrawn", "机构已撤回"


class Placement(models.Model):
    """OP4.1(2): a worker an HR agency placed with a key enterprise, confirmed by both sides.

    The agency's declaration is its own confirmation; the enterprise confirms or disputes it.
    """

    agency = models.ForeignKey(
        "registry.Organisation", verbose_name="人力资源服务机构", on_delete=models.PROTECT, related_name="placements"
    )
    enterprise = models.ForeignKey(
        "registry.Organisation", verbose_name="重点企业", on_delete=models.PROTECT, related_name="placements_received"
    )
    post = models.ForeignKey("jobs.JobPost", verbose_name="岗位", on_delete=models.PROTECT, related_name="placements")
    worker_name = models.CharField("劳动者姓名", max_length=50)
    worker_id_number = models.CharField("劳动者身份证号码", max_length=18, validators=[validate_id_number])
    start_date = models.DateField("上岗日期")
    proof = models.FileField("薪酬支付证明或劳务协议", upload_to="placements/%Y/%m/", max_length=255)
    proof_name = models.CharField("证明文件名", max_length=255)
    proof_sha256 = models.CharField("证明SHA-256", max_length=64)
    proof_pages = models.PositiveSmallIntegerField("证明页数")
    status = models.CharField(
        "状态", max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.DECLARED, db_index=True
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: the 办理记录 (``cases.CaseEvent``), oldest first
    changes = GenericRelation("cases.CaseEvent")

    class Meta:
        verbose_name = "推荐上岗"
        verbose_name_plural = "推荐上岗"
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.worker_name} @ {self.enterprise_id}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.worker_id_number)


class BaseStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已认定"
    REJECTED = "rejected", "未通过"


class InternshipBase(models.Model):
    """An enterprise's application to be a 就业见习基地; approved bases publish internship posts."""

    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name="申请单位", on_delete=models.PROTECT, related_name="internship_bases"
    )
    posts_offered = models.TextField("见习岗位", help_text="拟提供的见习岗位名称，每行一个")
    capacity = models.PositiveIntegerField("可接收见习人数")
    mentor_name = models.CharField("带教老师", max_length=50)
    mentor_phone = models.CharField("带教老师电话", max_length=30)
    address = models.CharField("见习地址", max_length=200)
    status = models.CharField("状态", max_length=20, choices=BaseStatus.choices, default=BaseStatus.PENDING)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: the 办理记录 (``cases.CaseEvent``), oldest first
    changes = GenericRelation("cases.CaseEvent")

    class Meta:
        verbose_name = "就业见习基地"
        verbose_name_plural = "就业见习基地"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_live_internship_base_per_organisation",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="internship_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} 见习基地"
