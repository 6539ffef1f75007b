"""The employer's offer form; errors are tied to their fields (``cases/_field.html``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from wengang.cases.forms import AccessibleForm, IdNumberField
from wengang.registry.models import Organisation


class OfferForm(AccessibleForm):
    graduate_name = forms.CharField(label="毕业生姓名", max_length=50)
    id_number = IdNumberField(label="毕业生身份证号码", help_text="18位居民身份证号码，用于找到毕业生的个人账号")
    school = forms.ModelChoiceField(
        label="毕业院校", queryset=Organisation.objects.none(), empty_label="请选择", to_field_name="pk"
    )
    major = forms.CharField(label="专业", max_length=100)
    graduation_year = forms.IntegerField(label="毕业年份", min_value=2000, max_value=2100, initial=2020)
    position = forms.CharField(label="岗位", max_length=100)
    workplace = forms.CharField(label="工作地点", max_length=100)
    monthly_salary = forms.DecimalField(
        label="月薪（元）", max_digits=10, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("9999999.99")
    )
    report_on = forms.DateField(label="报到日期", help_text="格式：2020-07-15", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("name")
