"""就业援助 (N13, N15): hard-to-employ certification with its evidence, monthly flexible-employment
social-insurance subsidy claims, public-welfare posts, placements and attendance.

Eligibility, amounts and the subsidy term are the engine's (``wengang/policy/rules/assistance.py``);
these tables keep the cases and what the engine decided, frozen on the row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from wengang.cases import fields


class HardshipCategory(models.Model):
    """A category of hard-to-employ people (大龄、残疾、零就业家庭…): data, edited in the admin."""

    name = models.CharField("类别名称", max_length=50, unique=True)
    description = models.TextField("认定范围说明", blank=True)
    evidence_hint = models.CharField("证明材料", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("可申请", default=True)

    class Meta:
        verbose_name = "就业困难人员类别"
        verbose_name_plural = "就业困难人员类别"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class CertificationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交，待街乡确认"
    CERTIFIED = "certified", "已认定"
    REFUSED = "refused", "不予认定"
    WITHDRAWN = "withdrawn", "已撤回"


#: a person has at most one certification in these states (the database refuses a second)
LIVE_CERTIFICATION = (CertificationStatus.DRAFT, CertificationStatus.SUBMITTED, CertificationStatus.CERTIFIED)


class Certification(fields.CaseRecord):
    """就业困难人员认定: the person's application, decided by the street office of their street."""

    person = fields.person("申请人", "hardship_certifications")
    street = models.ForeignKey("registry.Street", verbose_name="所属街乡", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(HardshipCategory, verbose_name="认定类别", on_delete=models.PROTECT)
    status = fields.status(CertificationStatus, default=CertificationStatus.DRAFT, db_index=True)
    beijing_hukou = models.BooleanField("本市户籍", default=True)
    not_employed = models.BooleanField("目前处于失业（无业）状态", default=True)
    wishes = models.CharField("求职意向", max_length=200, blank=True)
    statement = models.TextField("情况说明", blank=True)
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    decided_on = models.DateField("认定日期", null=True, blank=True)
    decided_by = fields.person("确认人", optional=True)
    refusal = models.TextField("不予认定理由", blank=True)

    class Meta:
        verbose_name = "就业困难人员认定"
        verbose_name_plural = "就业困难人员认定"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status__in=LIVE_CERTIFICATION), name="one_live_certification_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"就业困难人员认定 {self.pk}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"assistance/{instance.certification_id}/{instance.sha256[:16]}.pdf"


class Evidence(fields.StoredPdf):
    """A PDF proving the category (残疾人证、低保证明…), checked by content."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path)
    uploaded_by = fields.person()

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["certification", "sha256"], name="evidence_once_per_file")]


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "已申领，待审核"
    APPROVED = "approved", "已核准"
    REFUSED = "refused", "不予核准"


class FlexibleClaim(fields.CaseRecord):
    """One month's 灵活就业社会保险补贴: the contributions paid and the engine's amount, frozen."""

    person = fields.person("申领人", "flexible_claims")
    certification = models.ForeignKey(
        Certification, verbose_name="认定", on_delete=models.PROTECT, related_name="claims"
    )
    street = models.ForeignKey("registry.Street", verbose_name="所属街乡", on_delete=models.PROTECT, related_name="+")
    #: the first day of the claimed month
    month = models.DateField("缴费月份")
    contributions_paid = models.DecimalField("当月实际缴纳社会保险费（元）", max_digits=12, decimal_places=2)
    amount = models.DecimalField("补贴金额（元）", max_digits=12, decimal_places=2)
    #: the decision read a parameter still 待核实
    provisional = models.BooleanField("引用待核实参数", default=False)
    #: the engine's explanation when the claim was filed (conditions and calculation, Chinese)
    explanation = models.JSONField("计算过程", default=dict, blank=True)
    status = fields.status(ClaimStatus, default=ClaimStatus.SUBMITTED, db_index=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    refusal = models.TextField("不予核准理由", blank=True)

    class Meta:
        verbose_name = "灵活就业社会保险补贴申领"
        verbose_name_plural = "灵活就业社会保险补贴申领"
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="one_flexible_claim_per_person_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月} 灵活就业社会保险补贴"


class WelfarePost(fields.Tracked):
    """A public-welfare post a street publishes (公益性岗位): its headcount, terms and pay."""

    street = models.ForeignKey("registry.Street", verbose_name="所属街乡", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("岗位名称", max_length=100)
    headcount = models.PositiveSmallIntegerField("岗位人数")
    terms = models.TextField("工作内容和条件")
    monthly_pay = models.DecimalField("月工资（元）", max_digits=10, decimal_places=2)
    #: categories this post suits best (candidates of these categories are listed first)
    categories = models.ManyToManyField(HardshipCategory, verbose_name="适合的人员类别", blank=True)
    published = models.BooleanField("发布中", default=True)
    created_by = fields.person("发布人")

    class Meta:
        verbose_name = "公益性岗位"
        verbose_name_plural = "公益性岗位"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    ENDED = "ended", "已结束"


class WelfarePlacement(fields.CaseRecord):
    """托底安置: a certified person in a public-welfare post for a term."""

    post = models.ForeignKey(
        WelfarePost, verbose_name="公益性岗位", on_delete=models.PROTECT, related_name="placements"
    )
    certification = models.ForeignKey(
        Certification, verbose_name="认定", on_delete=models.PROTECT, related_name="placements"
    )
    person = fields.person("安置人员", "welfare_placements")
    start = models.DateField("安置起始日期")
    end = models.DateField("安置终止日期")
    status = fields.status(PlacementStatus, default=PlacementStatus.ACTIVE, db_index=True)
    placed_by = fields.person("安置经办人")
    end_reason = models.TextField("结束原因", blank=True)

    class Meta:
        verbose_name = "公益性岗位安置"
        verbose_name_plural = "公益性岗位安置"
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_welfare_placement_per_person"
            ),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="welfare_placement_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.post} 安置 {self.pk}"


class Attendance(models.Model):
    """One month's attendance of a placement (月度考勤)."""

    placement = models.ForeignKey(WelfarePlacement, on_delete=models.CASCADE, related_name="attendance")
    month = models.DateField("月份")
    days_due = models.PositiveSmallIntegerField("应出勤天数")
    days_worked = models.PositiveSmallIntegerField("实际出勤天数")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = fields.person("记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = "月度考勤"
        verbose_name_plural = "月度考勤"
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="one_attendance_per_placement_month"),
            models.CheckConstraint(condition=Q(days_worked__lte=models.F("days_due")), name="attendance_worked_le_due"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}考勤"
