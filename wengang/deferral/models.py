"""Social-insurance payment deferral (附件5): the I3 applications of the ten industries, the
municipal industry authorities who confirm them, and the status changes (audit trail and outbox).

I2 needs no application: its status is read from the registry by the engine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from wengang.cases import fields


class Industry(models.TextChoices):
    """The ten industries of I3 (附件5)."""

    TOURISM = "tourism", "旅游"
    ACCOMMODATION = "accommodation", "住宿"
    CATERING = "catering", "餐饮"
    EXHIBITION = "exhibition", "会展"
    COMMERCE = "commerce", "商贸流通"
    TRANSPORT = "transport", "交通运输"
    EDUCATION = "education", "教育培训"
    PERFORMANCE = "performance", "文艺演出"
    CINEMA = "cinema", "影视剧院"
    WINTER_SPORTS = "winter_sports", "冰雪体育"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待行业主管部门确认"
    CONFIRMED = "confirmed", "已确认"
    DECLINED = "declined", "不予确认"


#: applications that block a new one from the same organisation
OPEN_STATUSES = (Status.SUBMITTED, Status.CONFIRMED)


class IndustryAuthority(models.Model):
    """A municipal industry authority's account and the industries whose applicants it confirms."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="industry_authority"
    )
    name = models.CharField("主管部门名称", max_length=100)
    #: comma-separated ``Industry`` values, e.g. "tourism,accommodation"
    industries = models.CharField("负责的行业", max_length=200)

    class Meta:
        verbose_name = "市级行业主管部门"
        verbose_name_plural = "市级行业主管部门"

    def __str__(self) -> str:
        return self.name

    @property
    def industry_codes(self) -> list[str]:
        return [code for code in (c.strip() for c in self.industries.split(",")) if code in Industry.values]

    @property
    def industry_labels(self) -> list[str]:
        return [str(Industry(code).label) for code in self.industry_codes]

    def covers(self, industry: str) -> bool:
        return industry in self.industry_codes


class DeferralApplication(fields.Numbered, fields.CaseRecord):
    """An enterprise's I3 application: it claims one of the ten industries; an authority decides."""

    reference_prefix = "YJ"

    organisation = fields.organisation("申请单位", "deferral_applications")
    applicant = fields.person("经办人")
    industry = models.CharField("所属行业", max_length=20, choices=Industry.choices)
    status = fields.status(Status, default=Status.SUBMITTED)
    #: the service's date of filing (``wengang.clock.today()``), checked against the I3 window
    filed_on = models.DateField("申请日期")
    decided_by = fields.person("确认人", optional=True)
    decided_on = models.DateField("确认日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "延长缴费申请"
        verbose_name_plural = "延长缴费申请"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status__in=["submitted", "confirmed"]),
                name="one_open_deferral_per_organisation",
            )
        ]
