"""Layoff reports (附件4): the report, its named list, its materials and its status changes.

The rules (whether a report is required, whether it is complete) are the engine's policies
``L.cond`` and ``L``; this app keeps the case, the workflow and the 《收悉证明》.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from wengang.cases import fields
from wengang.policy.rules.layoff import CIRCUMSTANCES, MATERIALS


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报告，待受理"
    ACCEPTED = "accepted", "已受理（已出具收悉证明）"
    RETURNED = "returned", "退回补正"


CIRCUMSTANCE_CHOICES = [(k, f"（{'一二三四'[k - 1]}）{v}") for k, v in CIRCUMSTANCES.items()]
MATERIAL_CHOICES = [(i, f"（{'一二三四五六七八'[i - 1]}）{name}") for i, name in enumerate(MATERIALS, start=1)]
#: the checklist item that is the named list, uploaded as Excel rather than as a PDF
LIST_ITEM = 5


class LayoffReport(fields.CaseRecord):
    organisation = fields.organisation("报告单位", "layoff_reports")
    applicant = fields.person("经办人", "layoff_reports")
    status = fields.status(Status, default=Status.DRAFT, db_index=True)
    layoffs = models.PositiveIntegerField("裁减人数", null=True, blank=True)
    employees = models.PositiveIntegerField("职工总数", null=True, blank=True)
    notice_date = models.DateField("向工会或全体职工说明情况的日期", null=True, blank=True)
    #: the day the report reached the bureau (set at submission)
    report_date = models.DateField("报告日期", null=True, blank=True)
    circumstance = models.PositiveSmallIntegerField("裁减情形", choices=CIRCUMSTANCE_CHOICES, null=True, blank=True)
    receipt_number = models.CharField("收悉证明编号", max_length=40, unique=True, null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    accepted_by = fields.person("受理人", optional=True)
    return_reasons = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = "裁减人员报告"
        verbose_name_plural = "裁减人员报告"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} 裁减人员报告 {self.pk}"

    def notice_days(self, on: dt.date) -> int | None:
        """Days between the notice to the union or staff and the report (``on`` while a draft)."""
        if self.notice_date is None:
            return None
        return ((self.report_date or on) - self.notice_date).days


class LayoffListLine(fields.MaskedIdNumber, models.Model):
    """One person on the named list (被裁减人员名单), as uploaded from the Excel template."""

    report = models.ForeignKey(LayoffReport, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField("Excel 行号")
    name = models.CharField("姓名", max_length=50)
    id_number = fields.id_number("居民身份证号码")
    hukou = models.CharField("户籍", max_length=100)
    post = models.CharField("岗位", max_length=100)
    contract_start = models.DateField("劳动合同起始日期")
    #: empty for an open-ended contract (无固定期限)
    contract_end = models.DateField("劳动合同终止日期", null=True, blank=True)
    epidemic_unable_to_return = models.BooleanField("因疫情暂不能返岗", default=False)

    class Meta:
        verbose_name = "被裁减人员"
        verbose_name_plural = "被裁减人员名单"
        ordering = ["row", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "id_number"], name="layoff_line_once_per_report")]

    def __str__(self) -> str:
        return self.name


def material_path(instance: LayoffMaterial, filename: str) -> str:
    return f"layoffs/{instance.report_id}/{instance.item}-{instance.sha256[:16]}.pdf"


class LayoffMaterial(fields.StoredPdf):
    """A PDF for one of the eight checklist items; one file per item, replaced on re-upload."""

    report = models.ForeignKey(LayoffReport, on_delete=models.CASCADE, related_name="materials")
    item = models.PositiveSmallIntegerField("材料项", choices=MATERIAL_CHOICES)
    file = models.FileField("文件", upload_to=material_path)
    uploaded_by = fields.person()

    class Meta:
        verbose_name = "报告材料"
        verbose_name_plural = "报告材料"
        ordering = ["item"]
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="layoff_material_once_per_item")]
