"""Forms for candidates, placements and internship bases; errors are tied to their fields for
screen readers (aria-describedby)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wengang.cases.forms import AccessibleForm, IdNumberField
from wengang.jobs.models import JobPost


class RecommendForm(AccessibleForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField(label="身份证号码", help_text="18位居民身份证号码，页面上只显示前6位和后4位")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    note = forms.CharField(label="推荐说明", max_length=200, required=False)


class PostChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, JobPost)
        flag = "【急聘】" if obj.urgent else ""
        return f"{obj.organisation.name} · {flag}{obj.title}"


class PlacementForm(AccessibleForm):
    post = PostChoiceField(label="重点企业及岗位", queryset=JobPost.objects.none(), empty_label="请选择")
    worker_name = forms.CharField(label="劳动者姓名", max_length=50)
    worker_id_number = IdNumberField(label="劳动者身份证号码", help_text="18位居民身份证号码")
    start_date = forms.DateField(
        label="上岗日期",
        help_text="如 2020-03-02",
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    proof = forms.FileField(
        label="薪酬支付证明或劳务协议（PDF）",
        help_text="PDF文件，不超过10 MB、30页",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": "请上传薪酬支付证明或劳务协议", "empty": "文件是空的，请重新选择文件"},
    )

    def __init__(self, *args: Any, posts: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["post"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = posts
        self.today = today

    def clean_start_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["start_date"]
        if day > self.today:
            raise ValidationError("上岗日期不能晚于今天")
        return day


class BaseForm(AccessibleForm):
    posts_offered = forms.CharField(
        label="见习岗位",
        help_text="拟提供的见习岗位名称，每行一个",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    capacity = forms.IntegerField(
        label="可接收见习人数", min_value=1, max_value=10000, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    mentor_name = forms.CharField(label="带教老师", max_length=50)
    mentor_phone = forms.CharField(label="带教老师电话", max_length=30)
    address = forms.CharField(label="见习地址", max_length=200)
