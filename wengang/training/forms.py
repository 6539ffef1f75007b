"""Forms of the training platform: fields and labels only; the rules are in services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .models import Category, Mode, Relation


def _clean_text(value: str) -> str:
    return value.replace("\x00", "").strip()


class CourseForm(forms.Form):
    title = forms.CharField(label="课程名称", max_length=100)
    category = forms.ChoiceField(label="培训内容", choices=Category.choices)
    mode = forms.ChoiceField(label="培训方式", choices=Mode.choices)
    free = forms.BooleanField(label="免费课程（失业人员可报名）", required=False)
    completion_hours = forms.DecimalField(
        label="结业所需课时", initial=40, min_value=Decimal("0.5"), max_value=Decimal(2000), decimal_places=1,
        help_text="学员在本课程累计达到该课时（每课时45分钟，录播、直播、线下合计）即为结业，可发结业证书",
    )
    description = forms.CharField(
        label="课程简介", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def clean_title(self) -> str:
        title = _clean_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("请填写课程名称")
        return title

    def clean_description(self) -> str:
        return _clean_text(self.cleaned_data.get("description", ""))


class VideoLessonForm(forms.Form):
    title = forms.CharField(label="课节名称", max_length=100)
    video = forms.FileField(label="视频文件（MP4 或网页视频，时长从文件读取）")

    def clean_title(self) -> str:
        title = _clean_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("请填写课节名称")
        return title


class EnrolForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18, min_length=18)
    relation = forms.ChoiceField(label="人员类别", choices=Relation.choices)
    employer_uscc = forms.CharField(
        label="所在企业统一社会信用代码", max_length=18, required=False, help_text="失业人员不填"
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="报名名单（Excel）")


class CommissionForm(forms.Form):
    enterprise_uscc = forms.CharField(label="委托企业统一社会信用代码", max_length=18, min_length=18)
    licence_number = forms.CharField(label="办学许可证号", max_length=50)
    agreement = forms.FileField(label="培训协议（PDF）")


class SessionLessonForm(forms.Form):
    title = forms.CharField(label="课节名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=[("offline", "线下课"), ("live", "直播课")])
    starts_at = forms.DateTimeField(label="开始时间（直播课必填，如 2020-06-02 19:00）", required=False)
    ends_at = forms.DateTimeField(label="结束时间", required=False)
    room_url = forms.CharField(
        label="直播间链接（直播课必填）", max_length=500, required=False,
        help_text="直播平台提供的直播间地址，以 https:// 开头",
    )

    def clean_title(self) -> str:
        title = _clean_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("请填写课节名称")
        return title


class AttendanceForm(forms.Form):
    file = forms.FileField(label="签到表（Excel）")


class LiveMoveForm(forms.Form):
    """开始直播 / 结束直播 take no input: the form only carries a refusal back to the page."""
