"""Candidates for job posts, agencies' placements with key enterprises (OP4), internship bases (N9, S3).

Each case type has a status enum; the allowed moves and who makes them are in ``workflow.py``, and
every change appends a ``cases.CaseEvent`` row (the audit trail).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from wengang.cases import fields


class CandidacyStatus(models.TextChoices):
    APPLIED = "applied", "已投递"
    RECOMMENDED = "recommended", "已推荐"
    INTERVIEWING = "interviewing", "面试中"
    HIRED = "hired", "已录用"
    NOT_HIRED = "not_hired", "未录用"
    WITHDRAWN = "withdrawn", "已撤回"


class Candidacy(fields.MaskedIdNumber, fields.CaseRecord):
    """A job seeker for one post: applied by themselves, or recommended by staff or an agency."""

    post = models.ForeignKey("jobs.JobPost", verbose_name="岗位", on_delete=models.PROTECT, related_name="candidacies")
    #: the job seeker's own account, when they applied themselves
    seeker = fields.person("求职者账号", "candidacies", optional=True)
    name = models.CharField("姓名", max_length=50)
    id_number = fields.id_number("居民身份证号码")
    phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("推荐说明", max_length=200, blank=True)
    recommended_by = fields.person("推荐人", "recommendations", optional=True)
    #: the agency that recommended, so its users (and only they) follow the recommendation
    agency = fields.organisation("推荐机构", "recommendations", optional=True)
    status = fields.status(CandidacyStatus, db_index=True)

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


class PlacementStatus(models.TextChoices):
    DECLARED = "declared", "待重点企业确认"
    CONFIRMED = "confirmed", "双方已确认"
    DISPUTED = "disputed", "重点企业有异议"
    WITHDRAWN = "withdrawn", "机构已撤回"


class Placement(fields.MaskedIdNumber, fields.CaseRecord):
    """OP4.1(2): a worker an HR agency placed with a key enterprise, confirmed by both sides.

    The agency's declaration is its own confirmation; the enterprise confirms or disputes it.
    """

    id_number_field = "worker_id_number"

    agency = fields.organisation("人力资源服务机构", "placements")
    enterprise = fields.organisation("重点企业", "placements_received")
    post = models.ForeignKey("jobs.JobPost", verbose_name="岗位", on_delete=models.PROTECT, related_name="placements")
    worker_name = models.CharField("劳动者姓名", max_length=50)
    worker_id_number = fields.id_number("劳动者身份证号码")
    start_date = models.DateField("上岗日期")
    proof = models.FileField("薪酬支付证明或劳务协议", upload_to="placements/%Y/%m/", max_length=255)
    proof_name = models.CharField("证明文件名", max_length=255)
    proof_sha256 = models.CharField("证明SHA-256", max_length=64)
    proof_pages = models.PositiveSmallIntegerField("证明页数")
    status = fields.status(PlacementStatus, default=PlacementStatus.DECLARED, db_index=True)
    declared_by = fields.person("申报人")

    class Meta:
        verbose_name = "推荐上岗"
        verbose_name_plural = "推荐上岗"
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.worker_name} @ {self.enterprise_id}"


class BaseStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已认定"
    REJECTED = "rejected", "未通过"


class InternshipBase(fields.CaseRecord):
    """An enterprise's application to be a 就业见习基地; approved bases publish internship posts."""

    organisation = fields.organisation("申请单位", "internship_bases")
    posts_offered = models.TextField("见习岗位", help_text="拟提供的见习岗位名称，每行一个")
    capacity = models.PositiveIntegerField("可接收见习人数")
    mentor_name = models.CharField("带教老师", max_length=50)
    mentor_phone = models.CharField("带教老师电话", max_length=30)
    address = models.CharField("见习地址", max_length=200)
    status = fields.status(BaseStatus, default=BaseStatus.PENDING)
    applied_by = fields.person("申请人")

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
