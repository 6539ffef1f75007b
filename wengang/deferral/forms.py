"""Forms of the deferral pages: the I3 application, the authority's decision, the back-payment calculator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from wengang.cases.forms import ErrorListMixin
from wengang.policy.facts import check_kind

from .models import Industry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "请填写日期", "invalid": "日期格式不对，请按 2020-04-10 的格式填写"}


class FileForm(forms.Form):
    industry = forms.ChoiceField(
        label="本单位所属行业（十个行业之一）",
        choices=Industry.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择本单位所属的行业", "invalid_choice": "请从十个行业中选择"},
    )
    declaration = forms.BooleanField(
        label="本单位确属所选行业，并同意由市级行业主管部门核实确认",
        error_messages={"required": "请勾选确认本单位确属所选行业"},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="确认意见",
        choices=[("confirmed", "确认属于该行业"), ("declined", "不予确认")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择确认或不予确认"},
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=1000,
        help_text="不予确认时必填，将告知申请单位。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "declined" and not (data.get("reason") or "").strip():
            self.add_error("reason", "不予确认须填写理由")
        return data


class YuanField(forms.DecimalField):
    """An amount in yuan as people write it: "12345.67", "12,345.67" or "12,345.67 元"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace("元", "").strip()
        return super().to_python(value)


SCHEME_CHOICES = [("i2", "I2 正常参保缴费单位"), ("i3", "I3 十个行业（经确认）"), ("custom", "其他截止日")]


class BackPaymentForm(ErrorListMixin, forms.Form):
    amount_due = YuanField(
        label="应缴社会保险费（元）",
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="如 12345.67；可带千分位逗号。",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": "请填写应缴金额",
            "invalid": "应缴金额须为数字，如 12345.67",
            "max_decimal_places": "应缴金额最多到分（两位小数）",
            "max_digits": "应缴金额过大",
            "max_whole_digits": "应缴金额过大",
            "min_value": "应缴金额须大于 0",
        },
    )
    scheme = forms.ChoiceField(
        label="延长缴费期限",
        choices=SCHEME_CHOICES,
        initial="i2",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择延长缴费期限", "invalid_choice": "请选择延长缴费期限"},
    )
    deadline = forms.DateField(
        label="其他截止日",
        required=False,
        help_text="选择“其他截止日”时填写。",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )
    paid_on = forms.DateField(label="补缴日期", widget=DATE_WIDGET, error_messages=DATE_ERRORS)

    def __init__(self, *args: Any, deadlines: dict[str, dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        field = self.fields["scheme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("i2", f"I2 正常参保缴费单位（截止 {deadlines['i2_deadline'].isoformat()}）"),
            ("i3", f"I3 十个行业、经市级行业主管部门确认（截止 {deadlines['i3_deadline'].isoformat()}）"),
            ("custom", "其他截止日"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme = data.get("scheme")
        if scheme == "custom" and not data.get("deadline") and "deadline" not in self.errors:
            self.add_error("deadline", "选择“其他截止日”时请填写截止日")
        # the engine's schema for a back payment (non-negative amount below 10^15, plain dates)
        values = {k: data[k] for k in ("amount_due", "deadline", "paid_on") if data.get(k) is not None}
        for name, message in check_kind("back_payment", values).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data

    def chosen_deadline(self) -> dt.date:
        scheme = self.cleaned_data["scheme"]
        if scheme == "custom":
            return self.cleaned_data["deadline"]  # type: ignore[no-any-return]
        return self.deadlines[f"{scheme}_deadline"]
