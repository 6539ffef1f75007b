"""Forms of the job market. One PostForm validates every path: the web form, each row of an
Excel import and the partners' JSON API."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from wengang import clock
from wengang.cases.forms import AccessibleErrorsMixin
from wengang.registry.models import Organisation, Street
from wengang.registry.streets import street_choices

from . import permissions
from .models import JobPost

PHONE = re.compile(r"^[0-9+\-（）() ]{7,30}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


DESCRIPTION_MAX_LENGTH = 2000
OPENINGS_MAX = 100_000

POST_FIELDS = [
    "title", "description", "openings", "pay_min", "pay_max", "workplace", "street", "industry_code",
    "schedule", "contact_name", "contact_phone", "deadline", "urgent", "internship",
]


class PostForm(AccessibleErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A vacancy. ``organisation`` is fixed for an enterprise; street staff choose it."""

    organisation = forms.ModelChoiceField(
        label="用人单位", queryset=Organisation.objects.none(), required=False,
        help_text="街乡工作人员代用人单位发布时选择",
    )
    # capped for every path (web form, import, API): issue 8, finding 13
    description = forms.CharField(
        label="岗位描述", max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"不超过 {DESCRIPTION_MAX_LENGTH} 字",
    )
    openings = forms.IntegerField(label="招聘人数", min_value=1, max_value=OPENINGS_MAX)

    class Meta:
        model = JobPost
        fields = POST_FIELDS
        widgets = {"deadline": DateInput()}
        help_texts = {
            "urgent": "仅重点企业（保障疫情防控、城市公共运行、群众生活必需）可发布急聘岗位，急聘岗位置顶显示、到截止日期自动下架",
            "industry_code": "国民经济行业分类代码，如 F52（零售业）、G59（仓储业），可不填",
            "pay_min": "按月计，单位：元",
        }

    def __init__(self, *args: Any, organisation: Organisation | None = None, choose_organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_organisation = organisation
        street = self.fields["street"]
        assert isinstance(street, forms.ModelChoiceField)
        street.queryset = Street.objects.all()
        street.empty_label = "请选择街乡"
        if choose_organisation:
            chooser = self.fields["organisation"]
            assert isinstance(chooser, forms.ModelChoiceField)
            chooser.queryset = Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE)
            self.fields["organisation"].required = True
            self.order_fields(["organisation", *POST_FIELDS])
        else:
            del self.fields["organisation"]

    @property
    def chosen_organisation(self) -> Organisation | None:
        if "organisation" in self.fields:
            chosen: Organisation | None = self.cleaned_data.get("organisation")
            return chosen
        return self.fixed_organisation

    def clean_contact_phone(self) -> str:
        phone: str = self.cleaned_data["contact_phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError("请填写有效的联系电话（数字，可含区号和“-”）")
        return phone

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline <= clock.today():
            raise forms.ValidationError(f"截止日期须晚于今天（{clock.today():%Y-%m-%d}）")
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and low < Decimal("0"):
            self.add_error("pay_min", "月薪下限不能为负数")
        if low is not None and high is not None and high < low:
            self.add_error("pay_max", f"月薪上限（{high:,.2f} 元）不能低于下限（{low:,.2f} 元）")
        organisation = self.chosen_organisation
        if data.get("urgent") and organisation is not None and not permissions.can_post_urgent(organisation):
            self.add_error("urgent", "只有重点企业（保障疫情防控、城市公共运行、群众生活必需）可以发布急聘岗位")
        return data

    def _post_clean(self) -> None:
        # the check constraints need an organisation; the service sets it, so skip model validation here
        pass


class ModerationForm(AccessibleErrorsMixin, forms.Form):
    decision = forms.ChoiceField(label="处理", choices=[("publish", "发布"), ("reject", "不予发布")], widget=forms.RadioSelect)
    reason = forms.CharField(label="理由", max_length=300, required=False, help_text="不予发布时必填，将告知发布人")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "不予发布须填写理由")
        return data


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(label="岗位信息表（Excel .xlsx）", help_text="请下载模板填写；任何一行有误则整表不导入")


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=50, required=False, help_text="岗位名称或描述中的词，多个词用空格分开")
    street = forms.ModelChoiceField(label="街乡", queryset=Street.objects.all(), required=False, empty_label="全部街乡")
    industry = forms.CharField(label="行业代码", max_length=5, required=False, help_text="如 F52、G59")
    pay = forms.DecimalField(label="期望月薪不低于（元）", min_value=0, max_digits=10, decimal_places=2, required=False)
    urgent = forms.BooleanField(label="只看急聘", required=False)
    internship = forms.BooleanField(label="只看见习岗位", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the select offers the streets kept in the shared cache; a submitted one is still checked
        # against the database (the field's queryset)
        self.street_choices = street_choices()
        self.fields["street"].widget.choices = [("", "全部街乡"), *self.street_choices]
