"""Forms of the individuals' services: every input checked, with Chinese messages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.validators import ProhibitNullCharactersValidator

from wengang.cases.forms import AccessibleErrorsMixin, IdNumberField
from wengang.registry.models import Street

from .models import SEPARATION_CHOICES

PHONE = re.compile(r"^1[3-9]\d{9}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainWords:
    """Django's message for a NUL byte reads oddly in Chinese; say it plainly, naming the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = getattr(self, "fields", {})
        for field in fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(message=f"{field.label}含有无法识别的字符")
                if isinstance(v, ProhibitNullCharactersValidator)
                else v
                for v in field.validators
            ]


def _clean_text(value: str, label: str) -> str:
    if CONTROL.search(value):
        raise forms.ValidationError(f"{label}含有无法识别的字符")
    return value.strip()


class SignupForm(PlainWords, AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label="真实姓名", max_length=30)
    id_number = IdNumberField(label="居民身份证号码", help_text="18位，末位可为X；一个身份证号码只能注册一个账号")
    phone = forms.CharField(label="手机号码", max_length=11, help_text="11位手机号码，登录时作为用户名")
    email = forms.EmailField(
        label="电子邮箱",
        max_length=100,
        help_text="验证码和找回密码的邮件发到这里",
        error_messages={"invalid": "请填写有效的电子邮箱，如 name@example.com"},
    )
    street = forms.ModelChoiceField(
        label="居住街乡",
        queryset=Street.objects.order_by("name"),
        empty_label="请选择",
        help_text="失业登记由该街乡确认",
    )
    password1 = forms.CharField(
        label="设置密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="再次输入密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street"].error_messages["invalid_choice"] = "请选择列表中的街乡"

    def clean_name(self) -> str:
        name = _clean_text(self.cleaned_data["name"], "姓名")
        if not name:
            raise forms.ValidationError("请填写真实姓名")
        return name

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if not PHONE.match(phone):
            raise forms.ValidationError("请填写11位手机号码，如 13800138000")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", "两次输入的密码不一致")
        elif one:
            try:
                password_validation.validate_password(one)
            except forms.ValidationError as err:
                self.add_error("password1", err)
        return data


class CodeForm(PlainWords, AccessibleErrorsMixin, forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"min_length": "验证码为6位数字", "max_length": "验证码为6位数字"},
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not code.isdigit() or not code.isascii():
            raise forms.ValidationError("验证码为6位数字")
        return code


class RegistrationForm(PlainWords, AccessibleErrorsMixin, forms.Form):
    last_employer = forms.CharField(label="原工作单位", max_length=100)
    separation_date = forms.DateField(
        label="离职日期", help_text="如 2020-04-30", widget=forms.DateInput(attrs={"type": "date"})
    )
    separation_reason = forms.ChoiceField(label="离职原因", choices=[("", "请选择"), *SEPARATION_CHOICES])
    job_wishes = forms.CharField(
        label="求职意向", max_length=100, help_text="希望从事的岗位，用空格分开，如“收银员 仓储”；据此推荐岗位"
    )
    proof = forms.FileField(
        label="解除或终止劳动合同证明（PDF，可容缺后补）",
        required=False,
        help_text="暂时没有可以先登记，确认前后均可补交",
    )

    def clean_last_employer(self) -> str:
        return _clean_text(self.cleaned_data["last_employer"], "原工作单位")

    def clean_job_wishes(self) -> str:
        return _clean_text(self.cleaned_data["job_wishes"], "求职意向")


class ProofForm(AccessibleErrorsMixin, forms.Form):
    proof = forms.FileField(label="解除或终止劳动合同证明（PDF）")


class ClaimForm(PlainWords, AccessibleErrorsMixin, forms.Form):
    contribution_years = forms.DecimalField(
        label="累计缴纳失业保险费年限",
        min_value=Decimal(0),
        max_value=Decimal(60),
        max_digits=3,
        decimal_places=1,
        help_text="失业前所在单位和本人累计缴费的年数，可精确到0.1年；以社保记录核实为准",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": "请填写数字，如 3 或 4.5",
            "max_value": "累计缴费年限不能超过60年",
            "min_value": "累计缴费年限不能为负数",
            "max_digits": "累计缴费年限不能超过60年",
            "max_decimal_places": "精确到0.1年即可",
        },
    )
    seeking_work = forms.BooleanField(label="我有求职要求，愿意接受职业介绍", required=True)


class HireForm(PlainWords, AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    id_number = IdNumberField(label="居民身份证号码")
    start = forms.DateField(label="入职日期", help_text="如 2020-06-01", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_name(self) -> str:
        return _clean_text(self.cleaned_data["name"], "姓名")


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResetForm(PlainWords, AccessibleErrorsMixin, PasswordResetForm):
    email = forms.EmailField(label="注册时填写的电子邮箱", max_length=254)


class NewPasswordForm(AccessibleErrorsMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass
