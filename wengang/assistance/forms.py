"""Forms of the 就业援助 pages: what a person or a street office types, checked before any write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wengang.cases.forms import AccessibleErrorsMixin
from wengang.registry.models import Street
from wengang.subsidies.forms import parse_month

from .models import HardshipCategory, WelfarePost

MONTH_WIDGET = forms.TextInput(attrs={"type": "month", "inputmode": "numeric", "placeholder": "2020-05"})


class MonthField(forms.CharField):
    """A month typed as 2020-05 (or picked), read as its first day."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=7, widget=MONTH_WIDGET, **kwargs)

    def clean(self, value: Any) -> dt.date:
        text = super().clean(value)
        month = parse_month(text)
        if month is None:
            raise ValidationError("请按“2020-05”的格式填写年月")
        return month


class CertificationForm(AccessibleErrorsMixin, forms.Form):
    category = forms.ModelChoiceField(
        label="认定类别", queryset=HardshipCategory.objects.filter(active=True), empty_label="请选择"
    )
    street = forms.ModelChoiceField(
        label="居住地所在街乡",
        queryset=Street.objects.all(),
        empty_label="请选择",
        help_text="由该街乡社会保障事务所确认",
    )
    beijing_hukou = forms.BooleanField(label="本人为本市户籍", required=False)
    not_employed = forms.BooleanField(label="本人目前处于失业（无业）状态", required=False)
    wishes = forms.CharField(
        label="求职意向", max_length=200, required=False, help_text="希望从事的工作，如 保洁、保安、社区服务"
    )
    statement = forms.CharField(
        label="情况说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="证明材料（PDF）", error_messages={"required": "请选择要上传的 PDF 文件"})


class ClaimForm(AccessibleErrorsMixin, forms.Form):
    month = MonthField(label="缴费月份", help_text="如 2020-05；每月申领一次")
    contributions_paid = forms.DecimalField(
        label="当月实际缴纳的社会保险费（元）",
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        max_digits=10,
        decimal_places=2,
        help_text="养老、失业、医疗保险个人实际缴费合计",
    )
    flexible_employed = forms.BooleanField(label="本月以灵活就业人员身份缴纳社会保险费", required=False)


class ReasonForm(AccessibleErrorsMixin, forms.Form):
    comment = forms.CharField(label="理由", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PostForm(AccessibleErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    headcount = forms.IntegerField(label="岗位人数", min_value=1, max_value=500)
    monthly_pay = forms.DecimalField(
        label="月工资（元）", min_value=Decimal("0"), max_value=Decimal("100000"), max_digits=10, decimal_places=2
    )

    class Meta:
        model = WelfarePost
        fields = ["title", "headcount", "terms", "monthly_pay", "categories"]
        widgets = {
            "terms": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "terms": "工作内容、地点、工作时间、劳动报酬和社会保险等",
            "categories": "这些类别的人员排在候选名单前面",
        }


class PlaceForm(AccessibleErrorsMixin, forms.Form):
    certification = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    start = forms.DateField(label="安置起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="安置终止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", f"终止日期 {end:%Y-%m-%d} 早于起始日期 {start:%Y-%m-%d}")
        return data


class AttendanceForm(AccessibleErrorsMixin, forms.Form):
    month = MonthField(label="考勤月份")
    days_due = forms.IntegerField(label="应出勤天数", min_value=1, max_value=31)
    days_worked = forms.IntegerField(label="实际出勤天数", min_value=0, max_value=31)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, worked = data.get("days_due"), data.get("days_worked")
        if due is not None and worked is not None and worked > due:
            self.add_error("days_worked", f"实际出勤 {worked} 天多于应出勤 {due} 天")
        return data
