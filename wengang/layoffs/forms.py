"""Forms of the layoff report. The thresholds are the engine's; these only check the input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from wengang import clock
from wengang.policy.facts import check_kind

from .models import CIRCUMSTANCE_CHOICES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportForm(forms.Form):
    layoffs = forms.IntegerField(label="裁减人数", min_value=1, required=False, help_text="本次拟裁减的人数")
    employees = forms.IntegerField(
        label="职工总数", min_value=1, required=False, help_text="企业现有职工总数（来自登记数据，可修改）"
    )
    notice_date = forms.DateField(
        label="向工会或全体职工说明情况的日期",
        required=False,
        widget=DateInput(),
        help_text="须提前三十日说明情况、听取意见（《中华人民共和国劳动合同法》第四十一条）",
    )
    circumstance = forms.TypedChoiceField(
        label="裁减情形",
        choices=CIRCUMSTANCE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def clean_notice_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("notice_date")
        if day is not None and day > clock.today():
            raise forms.ValidationError("说明情况的日期不能晚于今天")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # the engine's schema for a layoff case: bounds, and layoffs ≤ employees
        values = {k: data[k] for k in ("layoffs", "employees", "circumstance") if data.get(k) is not None}
        for name, message in check_kind("layoff", values).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data


class ListUploadForm(forms.Form):
    file = forms.FileField(label="被裁减人员名单（Excel .xlsx）", help_text="请下载模板填写；上传后替换原名单")


class MaterialUploadForm(forms.Form):
    file = forms.FileField(label="上传 PDF")


class ReturnForm(forms.Form):
    reasons = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class VerifyForm(forms.Form):
    number = forms.CharField(label="收悉证明编号", max_length=40, help_text="如：朝人社收〔2020〕第0001号")


class WarningForm(forms.Form):
    by = forms.ChoiceField(
        label="统计口径", choices=[("street", "按街乡"), ("industry", "按行业（门类）")], required=False
    )
    since = forms.DateField(label="受理日期自", required=False, widget=DateInput())
