"""Forms of the key-enterprise service: validation only; the services do the writes."""

from __future__ import annotations

from typing import Any

from django import forms

from wengang.accounts.models import User
from wengang.registry.models import Organisation, Street

from .models import Channel, Need
from .selectors import responsible_candidates


class NeedForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Need
        fields = ["post", "count", "deadline", "street", "workplace", "pay_min", "pay_max", "note"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"note": "例如：企业报 400–500 人，按 450 人登记"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and high < low:
            self.add_error("pay_max", "月薪上限不能低于下限")
        if data.get("count") is not None and data["count"] < 1:
            self.add_error("count", "需求人数至少为 1")
        return data


class ProgressForm(forms.Form):
    filled = forms.IntegerField(label="累计到岗人数", min_value=0)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, need: Need, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.need = need
        self.fields["filled"].help_text = f"需求 {need.count} 人；已到岗 + 尚缺 = 需求人数"
        self.fields["filled"].widget.attrs["max"] = need.count

    def clean_filled(self) -> int:
        filled: int = self.cleaned_data["filled"]
        if filled > self.need.count:
            raise forms.ValidationError(f"到岗人数不能超过需求人数 {self.need.count} 人")
        return filled


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ContactForm(forms.Form):
    on = forms.DateField(label="联系日期", widget=forms.DateInput(attrs={"type": "date"}))
    at_time = forms.TimeField(label="时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    channel = forms.ChoiceField(label="方式", choices=Channel.choices)
    contact_person = forms.CharField(label="联系人", max_length=50)
    agreed = forms.CharField(label="沟通情况与约定事项", widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label="下一步", max_length=300, required=False)
    follow_up_on = forms.DateField(
        label="跟进日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="到期当天提醒责任人"
    )
    responsible = StaffChoiceField(label="责任人", queryset=User.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = responsible_candidates(organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, follow = data.get("on"), data.get("follow_up_on")
        if on and follow and follow < on:
            self.add_error("follow_up_on", "跟进日期不能早于联系日期")
        return data


class PublishForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="人力资源服务机构",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    streets = forms.ModelMultipleChoiceField(
        label="街乡", queryset=Street.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agencies") and not data.get("streets"):
            raise forms.ValidationError("请至少选择一家人力资源服务机构或一个街乡")
        return data
