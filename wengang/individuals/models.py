"""Services for individuals (N8): unemployment registration, 就业登记 closing it, and the
unemployment-benefit claim with its monthly payments. Individuals are ``accounts.User`` with
``Role.INDIVIDUAL``; their self-registration is in ``services.signup_*``."""

from __future__ import annotations

from django.db import models

from wengang.cases import fields
from wengang.policy.rules.unemployment import SEPARATION_REASONS


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待街乡确认"
    REGISTERED = "registered", "已登记失业"
    RETURNED = "returned", "不予登记"
    EMPLOYED = "employed", "已就业登记"


#: registrations that block a new one of the same person
OPEN_REGISTRATIONS = (RegistrationStatus.SUBMITTED, RegistrationStatus.REGISTERED)
#: statuses in which the person was (or still is) a registered unemployed person
CONFIRMED_REGISTRATIONS = (RegistrationStatus.REGISTERED, RegistrationStatus.EMPLOYED)
SEPARATION_CHOICES = [(code, label) for code, (label, _) in SEPARATION_REASONS.items()]


class UnemploymentRegistration(fields.Numbered, fields.CaseRecord):
    """A person's 失业登记: filed online, confirmed by the street office of the person's street,
    closed by 就业登记 when a firm hires the person."""

    reference_prefix = "SY"

    person = fields.person("登记人", "unemployment_registrations")
    street = models.ForeignKey("registry.Street", verbose_name="所属街乡", on_delete=models.PROTECT)
    last_employer = models.CharField("原工作单位", max_length=100)
    separation_date = models.DateField("离职日期")
    separation_reason = models.CharField("离职原因", max_length=30, choices=SEPARATION_CHOICES)
    job_wishes = models.CharField("求职意向", max_length=100, help_text="希望从事的岗位，如“收银员 仓储”")
    status = fields.status(RegistrationStatus, default=RegistrationStatus.SUBMITTED)
    filed_on = models.DateField("登记日期")
    registered_on = models.DateField("确认日期", null=True, blank=True)
    confirmed_by = fields.person("确认人", optional=True)
    employed_on = models.DateField("就业日期", null=True, blank=True)
    employer = models.CharField("就业单位", max_length=100, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "失业登记"
        verbose_name_plural = "失业登记"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["submitted", "registered"]),
                name="one_open_unemployment_registration_per_person",
            )
        ]

    @property
    def proof_missing(self) -> bool:
        """The separation proof is a 容缺 item: the registration goes ahead without it."""
        return not self.materials.exists()


def material_path(material: RegistrationMaterial, filename: str) -> str:
    return f"individuals/{material.registration_id}/{filename}"


class RegistrationMaterial(fields.StoredPdf):
    """The separation proof (解除或终止劳动合同证明), a PDF; non-essential (容缺)."""

    registration = models.ForeignKey(UnemploymentRegistration, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField("文件", upload_to=material_path)
    uploaded_by = fields.person()

    class Meta:
        verbose_name = "失业登记材料"
        verbose_name_plural = "失业登记材料"
        ordering = ["id"]


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已核准，按月发放"
    REJECTED = "rejected", "不予核准"
    STOPPED = "stopped", "已停发"


OPEN_CLAIMS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)


class BenefitClaim(fields.Numbered, fields.CaseRecord):
    """A 失业保险金 claim on a confirmed registration; the street office reviews it with the engine's
    decision and the benefit is paid month by month (``BenefitPayment``)."""

    reference_prefix = "SJ"

    person = fields.person("申领人", "benefit_claims")
    registration = models.ForeignKey(
        UnemploymentRegistration, verbose_name="失业登记", on_delete=models.PROTECT, related_name="claims"
    )
    #: the first day of the month of filing: one claim per person and month (database constraint)
    claim_month = models.DateField("申领月份")
    filed_on = models.DateField("申领日期")
    contribution_years = models.DecimalField("累计缴费年限", max_digits=4, decimal_places=1)
    status = fields.status(ClaimStatus, default=ClaimStatus.SUBMITTED)
    months = models.PositiveSmallIntegerField("领取月数", null=True, blank=True)
    monthly = models.DecimalField("月标准（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    total = models.DecimalField("合计（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    provisional = models.BooleanField("参数待核实", default=False)
    #: the engine's decision as it stood when the claim was decided (``PolicyResult.to_dict()``)
    decision = models.JSONField("核定依据", default=dict, blank=True)
    decided_by = fields.person("审核人", optional=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "失业保险金申领"
        verbose_name_plural = "失业保险金申领"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "claim_month"], name="one_benefit_claim_per_person_month"),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["submitted", "approved"]),
                name="one_open_benefit_claim_per_person",
            ),
        ]


class PaymentStatus(models.TextChoices):
    SCHEDULED = "scheduled", "待发放"
    PAID = "paid", "已发放"
    STOPPED = "stopped", "停发"


class BenefitPayment(models.Model):
    """One month of an approved claim's benefit."""

    claim = models.ForeignKey(BenefitClaim, on_delete=models.CASCADE, related_name="payments")
    month = models.DateField("发放月份")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SCHEDULED)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    paid_by = fields.person("经办人", optional=True)

    class Meta:
        verbose_name = "失业保险金发放"
        verbose_name_plural = "失业保险金发放"
        ordering = ["claim", "month"]
        constraints = [models.UniqueConstraint(fields=["claim", "month"], name="one_benefit_payment_per_claim_month")]

    def __str__(self) -> str:
        return f"{self.claim.reference} {self.month:%Y-%m}"
