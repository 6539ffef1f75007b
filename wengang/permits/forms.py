from __future__ import annotations

from typing import Any

from django import forms

from .models import PermitCase, PermitRequirement, PermitType, PickupBatch


class PdfField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "申请材料（PDF）")
        kwargs.setdefault("help_text", "PDF格式，系统按“单位名称+业务名称”自动命名")
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(**kwargs)


class NewCaseForm(forms.Form):
    permit_type = forms.ModelChoiceField(
        label="申请事项", queryset=PermitType.objects.filter(active=True), empty_label="请选择"
    )
    file = PdfField()


class UploadForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label="对应材料清单项", queryset=PermitRequirement.objects.none(), required=False, empty_label="（整套材料）"
    )
    file = PdfField()

    def __init__(self, *args: Any, case: PermitCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = case.permit_type.requirements.all()


class PaperForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PermitCase
        fields = PermitCase.PAPER_FIELDS


class ScheduleForm(forms.Form):
    onsite_date = forms.DateField(label="实地核查日期", widget=forms.DateInput(attrs={"type": "date"}))
    onsite_inspectors = forms.CharField(label="核查人员", max_length=100, help_text="两名以上，用顿号分隔")


class OnsiteForm(forms.Form):
    onsite_passed = forms.TypedChoiceField(
        label="核查结论", choices=[("1", "合格"), ("0", "不合格")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    onsite_result = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    permit_number = forms.CharField(label="许可证编号", max_length=60)
    valid_from = forms.DateField(label="有效期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予许可理由", widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    pass


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "e_approve": EmptyForm,
    "schedule": ScheduleForm,
    "onsite": OnsiteForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "publish": EmptyForm,
    "collect": EmptyForm,
}


class PickupBookForm(forms.Form):
    choice = forms.ChoiceField(label="领取时段")

    def __init__(self, *args: Any, batches: list[tuple[PickupBatch, list[Any]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (f"{batch.pk}@{slot:%H:%M}", f"{batch.date:%Y-%m-%d} {slot:%H:%M} {batch.place}")
            for batch, slots in batches
            for slot in slots
        ]


class PickupBatchForm(forms.Form):
    date = forms.DateField(label="领取日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="领取地点", max_length=100)
    first_slot = forms.TimeField(label="首个时段开始", widget=forms.TimeInput(attrs={"type": "time"}))
    slot_minutes = forms.IntegerField(label="每个时段（分钟）", min_value=5, max_value=240, initial=30)
    slot_count = forms.IntegerField(label="时段数", min_value=1, max_value=48, initial=8)


class PublicSearchForm(forms.Form):
    unit = forms.CharField(label="单位名称或统一社会信用代码", required=False, max_length=100)
    permit_type = forms.ModelChoiceField(
        label="许可类型", queryset=PermitType.objects.all(), required=False, empty_label="全部"
    )
