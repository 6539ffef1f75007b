"""N9 毕业生“不见面”签约: an employer's offer to a graduate, confirmed online by the graduate and
the school; the signed three-party agreement is a numbered document (``wengang.documents``)."""

from __future__ import annotations

from django.db import models

from wengang.cases import fields


class Status(models.TextChoices):
    OFFERED = "offered", "待毕业生确认"
    ACCEPTED = "accepted", "待学校确认"
    SIGNED = "signed", "三方已签约"
    DECLINED = "declined", "毕业生已拒绝"
    REFUSED = "refused", "学校不予确认"
    WITHDRAWN = "withdrawn", "单位已撤回"


#: a graduate signs one agreement: at most one accepted or signed at a time (database constraint)
BINDING = (Status.ACCEPTED, Status.SIGNED)
OPEN = (Status.OFFERED, Status.ACCEPTED)


class Agreement(fields.Numbered, fields.MaskedIdNumber, fields.CaseRecord):
    """One three-party employment agreement (就业协议书): employer, graduate, school."""

    reference_prefix = "XY"

    employer = fields.organisation("用人单位", "graduate_offers")
    offered_by = fields.person("单位经办人")
    graduate = fields.person("毕业生", "graduate_agreements")
    school = fields.organisation("毕业院校", "graduate_agreements")
    #: the name and ID number the employer entered, checked against the graduate's account
    graduate_name = models.CharField("毕业生姓名", max_length=50)
    id_number = fields.id_number("毕业生身份证号码")
    major = models.CharField("专业", max_length=100)
    graduation_year = models.PositiveSmallIntegerField("毕业年份")
    position = models.CharField("岗位", max_length=100)
    workplace = models.CharField("工作地点", max_length=100)
    monthly_salary = models.DecimalField("月薪（元）", max_digits=10, decimal_places=2)
    report_on = models.DateField("报到日期")
    status = fields.status(Status, default=Status.OFFERED)
    offered_on = models.DateField("发出日期")
    accepted_on = models.DateField("毕业生确认日期", null=True, blank=True)
    signed_on = models.DateField("学校确认日期", null=True, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "毕业生就业协议"
        verbose_name_plural = "毕业生就业协议"
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"],
                condition=models.Q(status__in=["accepted", "signed"]),
                name="one_binding_agreement_per_graduate",
            ),
            models.UniqueConstraint(
                fields=["employer", "graduate"],
                condition=models.Q(status="offered"),
                name="one_pending_offer_per_employer_and_graduate",
            ),
            models.CheckConstraint(condition=models.Q(monthly_salary__gt=0), name="agreement_salary_positive"),
        ]

    @property
    def subject(self) -> str:
        """The key of its numbered document (``documents.IssuedDocument.subject``)."""
        return f"graduates.agreement:{self.pk}"
