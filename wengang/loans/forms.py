"""Forms of the loans app; errors are tied to their fields (``cases/_field.html``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from wengang.cases.forms import AccessibleForm
from wengang.registry.models import Organisation


class ExtensionForm(AccessibleForm):
    months = forms.IntegerField(label="申请展期（月）", min_value=1, max_value=120, help_text="原则上不超过12个月（N16）")
    infected = forms.BooleanField(label="本人患新型冠状病毒感染肺炎", required=False, help_text="如实勾选；银行核实证明材料后确认")
    evidence = forms.FileField(label="感染证明材料（PDF）", help_text="医疗机构出具的诊断证明等，PDF格式，不超过10 MB")


class GuaranteeForm(AccessibleForm):
    bank = forms.ModelChoiceField(label="拟贷款银行", queryset=Organisation.objects.none(), empty_label="请选择")
    amount = forms.DecimalField(
        label="申请金额（元）", max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("9999999999.99")
    )
    term_months = forms.IntegerField(label="贷款期限（月）", min_value=1, max_value=120)
    purpose = forms.CharField(label="创业项目和用途", max_length=200)
    lost_income = forms.BooleanField(
        label="受疫情影响暂时失去收入来源", required=False, help_text="勾选并符合借款人条件的，进入绿色通道优先办理"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bank"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(kind=Organisation.Kind.BANK).order_by("name")
