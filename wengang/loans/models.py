"""N16 创业担保贷款: the loans the banks have granted, extension requests of infected borrowers
(the bank confirms; the engine recomputes the interest-subsidy schedule) and green-channel
guarantee applications of people and small firms who lost their income (first in the queue)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models

from wengang.cases import fields


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Loan(fields.Tracked):
    """A guarantee loan granted by a bank (registered by the bank or the administrator)."""

    borrower = fields.person("借款人", "guarantee_loans")
    organisation = fields.organisation("借款小微企业", "guarantee_loans", optional=True)
    bank = fields.organisation("经办银行", "granted_loans")
    contract_number = models.CharField("借款合同编号", max_length=50, unique=True)
    principal = models.DecimalField("贷款本金（元）", max_digits=12, decimal_places=2)
    annual_rate = models.DecimalField("年利率", max_digits=6, decimal_places=5, help_text="如 0.04350 即 4.35%")
    subsidy_share = models.DecimalField("财政贴息比例", max_digits=4, decimal_places=3, help_text="占利息的比例，1 为全额贴息")
    start_on = models.DateField("放款日期")
    term_months = models.PositiveSmallIntegerField("贷款期限（月）")
    #: months of extension the bank has confirmed (N16: at most 12 in all)
    extension_months = models.PositiveSmallIntegerField("已展期（月）", default=0)

    class Meta:
        verbose_name = "创业担保贷款"
        verbose_name_plural = "创业担保贷款"
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(principal__gt=0), name="loan_principal_positive"),
            models.CheckConstraint(condition=models.Q(term_months__gte=1), name="loan_term_positive"),
            models.CheckConstraint(
                condition=models.Q(subsidy_share__gte=0, subsidy_share__lte=1), name="loan_subsidy_share_ratio"
            ),
        ]

    def __str__(self) -> str:
        return self.contract_number

    @property
    def original_end(self) -> dt.date:
        return _add_months(self.start_on, self.term_months)

    @property
    def end_on(self) -> dt.date:
        """The due date, extensions included."""
        return _add_months(self.start_on, self.term_months + self.extension_months)


class ExtensionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待银行确认"
    CONFIRMED = "confirmed", "已展期"
    DECLINED = "declined", "银行不予展期"
    WITHDRAWN = "withdrawn", "借款人已撤回"


def evidence_path(instance: ExtensionRequest, filename: str) -> str:
    return f"loans/{instance.loan_id}/extension-{instance.sha256[:16]}.pdf"


class ExtensionRequest(fields.Numbered, fields.StoredPdf, fields.CaseRecord):
    """An infected borrower's request to extend a loan (N16), with the medical evidence as PDF."""

    reference_prefix = "ZQ"

    loan = models.ForeignKey(Loan, verbose_name="贷款", on_delete=models.PROTECT, related_name="extensions")
    requested_by = fields.person("申请人")
    months = models.PositiveSmallIntegerField("申请展期（月）")
    requested_on = models.DateField("申请日期")
    file = models.FileField("感染证明材料", upload_to=evidence_path)
    status = fields.status(ExtensionStatus, default=ExtensionStatus.SUBMITTED)
    decided_by = fields.person("确认人", optional=True)
    decided_on = models.DateField("确认日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "展期申请"
        verbose_name_plural = "展期申请"
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan"], condition=models.Q(status="submitted"), name="one_pending_extension_per_loan"
            ),
        ]


class GuaranteeStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "同意担保"
    REJECTED = "rejected", "不予担保"


class GuaranteeApplication(fields.Numbered, fields.CaseRecord):
    """An application for a guarantee loan; those who lost their income come first (N16 绿色通道)."""

    reference_prefix = "DB"

    applicant = fields.person("申请人", "guarantee_applications")
    organisation = fields.organisation("申请小微企业", "guarantee_applications", optional=True)
    bank = fields.organisation("拟贷款银行", "guarantee_applications_received")
    amount = models.DecimalField("申请金额（元）", max_digits=12, decimal_places=2)
    term_months = models.PositiveSmallIntegerField("贷款期限（月）")
    purpose = models.CharField("创业项目和用途", max_length=200)
    lost_income = models.BooleanField("受疫情影响暂时失去收入来源")
    #: the engine's green-channel decision at filing: 优先 in the reviewers' queue
    priority = models.BooleanField("绿色通道优先", default=False)
    filed_on = models.DateField("申请日期")
    status = fields.status(GuaranteeStatus, default=GuaranteeStatus.SUBMITTED)
    decided_by = fields.person("审核人", optional=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "创业担保贷款申请"
        verbose_name_plural = "创业担保贷款申请"
        ordering = ["-priority", "filed_on", "id"]
        indexes = [models.Index(fields=["status", "-priority", "filed_on"], name="guarantee_queue_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"], condition=models.Q(status="submitted"), name="one_pending_guarantee_per_applicant"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="guarantee_amount_positive"),
        ]

    @property
    def small_firm(self) -> bool:
        return self.organisation_id is not None
