"""Forms of the monitoring and early-warning pages: the month shown, a monthly extract's upload,
a response measure, the 办结 opinion."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from wengang import clock
from wengang.cases.forms import AccessibleErrorsMixin

from .models import Measure
from .warning import FIRST_MONTH

MONTH_FORMAT = re.compile(r"(\d{4})-(\d{1,2})")


class MonthField(forms.CharField):
    """A month written 2020-04 (the browser's month input); the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2020-04", "maxlength": "7"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        match = MONTH_FORMAT.fullmatch(text) if len(text) <= 7 else None
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError("请按“2020-04”的格式填写月份")
        month = dt.date(int(match[1]), int(match[2]), 1)
        if month < FIRST_MONTH:
            raise forms.ValidationError(f"失业监测自{FIRST_MONTH:%Y年%-m月}起，不能选择更早的月份")
        return month


class MonthChoiceForm(forms.Form):
    month = MonthField(label="月份", required=False)


class MonthlyImportForm(AccessibleErrorsMixin, forms.Form):
    month = MonthField(label="数据所属月份", help_text="如 2020-04；同一月份再次导入将整月替换")
    file = forms.FileField(
        label="月度参保数据（CSV 或 Excel .xlsx）",
        help_text="列：统一社会信用代码、单位名称、所属街乡、行业代码、月初参保人数、当月新增参保人数、当月减少参保人数；任何一行有误则整月不导入",
    )

    def clean_month(self) -> dt.date:
        month: dt.date = self.cleaned_data["month"]
        if month > clock.today().replace(day=1):
            raise forms.ValidationError("不能导入尚未开始的月份")
        return month

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("请上传 CSV 或 Excel（.xlsx）文件")
        return upload


class MeasureForm(AccessibleErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Measure
        fields = ["kind", "taken_on", "contact", "description", "subsidies_offered", "outcome"]
        widgets = {
            "taken_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "contact": "如：人事经理 王女士 13800000000",
            "subsidies_offered": "如：OP2 失业保险费返还、OP6 培训补贴",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = clock.today()

    def clean_taken_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["taken_on"]
        if day > clock.today():
            raise forms.ValidationError("日期不能晚于今天")
        return day


class CloseForm(AccessibleErrorsMixin, forms.Form):
    comment = forms.CharField(label="意见", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
