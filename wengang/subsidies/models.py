"""Subsidy applications: one workflow for every subsidy type of the notice.

The subsidy type is data (``SubsidyType`` rows, admin-editable: window, checklist, commitment,
department, review route); the rules are the engine's. Every status change goes through
``workflow.application_transition`` and leaves a ``cases.CaseEvent`` row: audit trail and
notification outbox in one.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from wengang.cases import fields


class Policy(models.TextChoices):
    """The engine's policy ids that are applied for through the service hall."""

    OP1 = "OP1", "岗位补贴和社会保险补贴"
    OP2 = "OP2", "困难企业失业保险费返还"
    OP3 = "OP3", "一次性社会保险补贴"
    OP4 = "OP4", "一次性就业创业服务补助"
    OP5 = "OP5", "一次性吸纳就业补贴"
    OP6 = "OP6", "职业技能培训补贴"
    N14 = "N14", "就业示范基地一次性就业补贴"


class MunicipalReview(models.TextChoices):
    NEVER = "never", "不报市审核小组"
    ALWAYS = "always", "一律报市审核小组联审"
    ON_DOUBT = "on_doubt", "有疑问的报市审核小组联审"


class SubsidyType(models.Model):
    """How one policy is applied for: who reviews it, when, with which materials and commitment."""

    policy = models.CharField("政策", max_length=10, choices=Policy.choices, unique=True)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="受理部门", on_delete=models.PROTECT, related_name="subsidy_types"
    )
    applicant_kind = models.CharField(
        "申请主体", max_length=20, choices=[("enterprise", "用人单位"), ("agency", "经营性人力资源服务机构")],
        default="enterprise",
    )
    #: when empty, the window comes from the engine's dated parameters
    window_start = models.DateField("申请开始日", null=True, blank=True)
    window_end = models.DateField("申请截止日", null=True, blank=True)
    commitment = models.TextField("承诺书")
    municipal_review = models.CharField(
        "市审核小组联审", max_length=10, choices=MunicipalReview.choices, default=MunicipalReview.NEVER
    )
    review_working_days = models.PositiveSmallIntegerField("审核时限（工作日）", default=15)
    deficiency_days = models.PositiveSmallIntegerField("容缺补正期限（工作日）", default=10)
    active = models.BooleanField("开放申请", default=True)

    class Meta:
        verbose_name = "补贴类型"
        verbose_name_plural = "补贴类型"
        ordering = ["policy"]

    def __str__(self) -> str:
        return f"{self.policy} {self.get_policy_display()}"


class MaterialRequirement(fields.ChecklistItem):
    """One item of a subsidy type's materials checklist."""

    subsidy_type = models.ForeignKey(SubsidyType, on_delete=models.CASCADE, related_name="requirements")
    #: an essential item must be present at submission; others may be supplied later (容缺)
    essential = models.BooleanField("核心材料（不可容缺）", default=False)
    max_pages = models.PositiveSmallIntegerField("最多页数", default=50)
    max_megabytes = models.PositiveSmallIntegerField("最大文件（MB）", default=10)

    class Meta:
        verbose_name = "材料清单项"
        verbose_name_plural = "材料清单"
        ordering = ["subsidy_type", "order", "id"]


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    DEFICIENT = "deficient", "容缺受理（待补正）"
    DISTRICT_REVIEW = "district_review", "区级审核中"
    MUNICIPAL_REVIEW = "municipal_review", "市审核小组联审中"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "不予通过"
    PAID = "paid", "已拨付"
    CLOSED = "closed", "逾期未补正，已关闭"
    WITHDRAWN = "withdrawn", "已撤回"


#: states in which the applicant may still edit the application
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
#: states in which a decision has been taken
FINAL = frozenset({Status.APPROVED, Status.REJECTED, Status.PAID, Status.CLOSED, Status.WITHDRAWN})


class Application(fields.CaseRecord):
    """An organisation's claim for one subsidy type and period."""

    reference = models.CharField("申请编号", max_length=30, unique=True)
    organisation = fields.organisation("申请单位", "applications")
    subsidy_type = models.ForeignKey(SubsidyType, verbose_name="补贴类型", on_delete=models.PROTECT, related_name="applications")
    period_start = models.DateField("补贴期间起")
    period_end = models.DateField("补贴期间止")
    applicant = fields.person("经办人", "applications")
    status = fields.status(Status, default=Status.DRAFT, db_index=True)
    #: the facts the applicant confirmed (registry values, corrected where allowed), as text
    facts = models.JSONField("申报数据", default=dict, blank=True)
    #: the engine's pre-check shown at submission (Explanation.to_dict of this policy)
    precheck = models.JSONField("预审结果", default=dict, blank=True)
    claimed_amount = models.DecimalField("预审金额", max_digits=14, decimal_places=2, null=True, blank=True)
    commitment_accepted_at = models.DateTimeField("承诺时间", null=True, blank=True)
    submission_key = models.UUIDField("提交令牌", default=uuid.uuid4, unique=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    review_due = models.DateField("审核期限", null=True, blank=True)
    doubt = models.BooleanField("存疑（报市审核小组）", default=False)
    #: frozen at approval: the engine's decision with the parameter values it used
    decision = models.JSONField("审核决定", default=dict, blank=True)
    approved_amount = models.DecimalField("核定金额", max_digits=14, decimal_places=2, null=True, blank=True)
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = fields.person("决定人", optional=True)

    class Meta:
        verbose_name = "补贴申请"
        verbose_name_plural = "补贴申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            # one claim per organisation, subsidy type and period, whatever its state
            models.UniqueConstraint(
                fields=["organisation", "subsidy_type", "period_start", "period_end"],
                condition=~Q(status="withdrawn"),
                name="one_claim_per_org_type_period",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="period_ordered"),
        ]
        indexes = [
            # the dashboards' drill-down lists and exports: a date range, newest first
            models.Index(fields=["submitted_at", "id"], name="application_submitted"),
            # the undecided cases whose review limit passes when the summary's date moves on
            models.Index(fields=["review_due"], condition=Q(decided_at__isnull=True), name="application_undecided_due"),
        ]

    def __str__(self) -> str:
        return self.reference


class WorkerLine(fields.MaskedIdNumber, models.Model):
    """OP1: one hired worker on a claim, for one month of the claimed period."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="worker_lines")
    policy = models.CharField(max_length=10, choices=Policy.choices, default=Policy.OP1)
    name = models.CharField("姓名", max_length=50)
    id_number = fields.id_number()
    month = models.DateField("月份")  # the first day of the month
    category = models.CharField("人员类别", max_length=30)
    amount = models.DecimalField("金额", max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = "人员明细"
        verbose_name_plural = "人员明细"
        constraints = [
            # a worker is subsidised once per policy and month, whichever firm claims
            models.UniqueConstraint(fields=["id_number", "policy", "month"], name="one_subsidy_per_worker_month"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.month:%Y-%m}"


class TrainingLine(fields.MaskedIdNumber, models.Model):
    """OP6: one trainee on a training claim's roster."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="training_lines")
    name = models.CharField("姓名", max_length=50)
    id_number = fields.id_number()
    class_hours = models.DecimalField("累计课时", max_digits=6, decimal_places=1)
    still_employed = models.BooleanField("仍在本企业就业", default=True)
    other_subsidy = models.BooleanField("已申领其他培训补贴", default=False)

    class Meta:
        verbose_name = "培训学员"
        verbose_name_plural = "培训学员"
        constraints = [models.UniqueConstraint(fields=["application", "id_number"], name="one_line_per_trainee")]

    def __str__(self) -> str:
        return self.name


class MaterialMark(models.TextChoices):
    """The reviewer's mark on one material; 需补正 materials pre-fill the 容缺 list."""

    NONE = "", "未标记"
    OK = "ok", "合格"
    RESUPPLY = "resupply", "需补正"


def material_path(instance: Material, filename: str) -> str:
    return f"materials/{instance.application.reference}/{instance.sha256[:16]}.pdf"


class Material(fields.StoredPdf):
    """An uploaded PDF for one checklist item (display name: 单位名称+材料名称.pdf)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    requirement = models.ForeignKey(MaterialRequirement, on_delete=models.PROTECT, related_name="materials")
    file = models.FileField("文件", upload_to=material_path)
    uploaded_by = fields.person()
    #: the reviewer's mark (audited as a CaseEvent of the application); reset when the item is supplied again
    mark = models.CharField("审核标记", max_length=10, choices=MaterialMark.choices, default=MaterialMark.NONE, blank=True)
    mark_note = models.CharField("标记说明", max_length=500, blank=True)
    marked_by = fields.person("标记人", optional=True)
    marked_at = models.DateTimeField("标记时间", null=True, blank=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["requirement__order", "uploaded_at"]


class Deficiency(fields.Created):
    """容缺: an item accepted as missing at submission, to be supplied by a due date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deficiencies")
    requirement = models.ForeignKey(MaterialRequirement, null=True, blank=True, on_delete=models.PROTECT)
    description = models.CharField("待补正内容", max_length=200)
    due_date = models.DateField("补正期限")
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    resolved_at = models.DateTimeField("补正时间", null=True, blank=True)

    class Meta:
        verbose_name = "容缺事项"
        verbose_name_plural = "容缺事项"
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


class PaymentBatch(fields.Created):
    reference = models.CharField("批次号", max_length=30, unique=True)
    paid_on = models.DateField("拨付日期")

    class Meta:
        verbose_name = "拨付批次"
        verbose_name_plural = "拨付批次"
        ordering = ["-paid_on"]

    def __str__(self) -> str:
        return self.reference


class Payment(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="payment")
    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("拨付金额", max_digits=14, decimal_places=2)
    reference = models.CharField("支付流水号", max_length=50, unique=True)

    class Meta:
        verbose_name = "拨付记录"
        verbose_name_plural = "拨付记录"

    def __str__(self) -> str:
        return self.reference


# ---- the dashboards' summary (maintained by ``summary.py``) --------------------------------------


class FigureKey(models.Model):
    """What the dashboards group and filter submitted applications by: the day of submission (on
    the service's time zone), the subsidy type, the firm's street and industry section; for a 容缺
    case, its status (the 容缺 chart counts them by status). Values: approved, decided and paid
    amounts; decided within the review limit or late; undecided within it or overdue on
    ``SummaryDate.as_of``."""

    day = models.DateField("提交日期")
    subsidy_type = models.ForeignKey(SubsidyType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    #: the firm's street when counted (none: a firm without a street)
    street_id = models.IntegerField("街乡", null=True)
    #: GB/T 4754 门类: the first letter of the firm's industry code ("" unknown)
    section = models.CharField("行业门类", max_length=1, blank=True)
    deficient_status = models.CharField("容缺案件的状态", max_length=20, blank=True)
    approved = models.IntegerField("通过件数", default=0)
    decided = models.DecimalField("核定金额", max_digits=18, decimal_places=2, default=0)
    paid = models.DecimalField("拨付金额", max_digits=18, decimal_places=2, default=0)
    in_time = models.IntegerField("期限内办结", default=0)
    late = models.IntegerField("超期办结", default=0)
    pending = models.IntegerField("办理中（未超期）", default=0)
    overdue = models.IntegerField("办理中（已超期）", default=0)

    KEY = ("day", "subsidy_type_id", "street_id", "section", "deficient_status")
    VALUES = ("approved", "decided", "paid", "in_time", "late", "pending", "overdue")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class ApplicationFigures(FigureKey):
    """One submitted application's share of the summary as last counted: the summary changes by
    the difference when the application changes, so a refresh is exact and may be repeated."""

    application = models.OneToOneField(Application, primary_key=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "申请统计口径"
        verbose_name_plural = "申请统计口径"


class ApplicationSummary(FigureKey):
    """The dashboards' application figures, one row per key: counts and sums of the submitted
    applications with that key, four times — per day (``days`` 1), per week from its Monday
    (``days`` 7), per calendar month from its first (``days`` 31) and per year from 1 January
    (``days`` 366), so that a long date range reads whole years, months and weeks. Rows of one key may repeat (two first counts at once); readers sum."""

    #: the period the row counts: 1 (``day``), 7 (the week from Monday ``day``), 31 (the month of
    #: ``day``), 366 (the year of ``day``)
    days = models.PositiveSmallIntegerField("统计天数", default=1)
    n = models.IntegerField("申请件数", default=0)

    class Meta:
        verbose_name = "申请统计汇总"
        verbose_name_plural = "申请统计汇总"
        indexes = [
            models.Index(fields=["days", "day"], name="summary_day"),
            models.Index(fields=["days", "street_id", "day"], name="summary_street_day"),
            models.Index(fields=["days", "section", "day"], name="summary_section_day"),
        ]


class SummaryDate(models.Model):
    """The date the summary's undecided cases are split on (within the limit or overdue): moved on
    to the service's today by the first reader of a new day (``summary.summary_as_of``)."""

    as_of = models.DateField("统计日期")

    class Meta:
        verbose_name = "申请统计日期"
        verbose_name_plural = "申请统计日期"

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}"
