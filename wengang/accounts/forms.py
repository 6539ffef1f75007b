"""Sign-in and authenticator forms. They check the input's shape; ``services`` decides."""

from __future__ import annotations

from typing import Any

from django import forms

from wengang.cases.forms import ErrorListMixin

CODE_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "one-time-code",
    "maxlength": "6",
    "pattern": "[0-9]{6}",
    "spellcheck": "false",
}


def _clean_code(value: str) -> str:
    code = (value or "").strip().replace(" ", "")
    if code and (len(code) != 6 or not code.isdigit()):
        raise forms.ValidationError("动态口令是6位数字。", code="invalid")
    return code


class CodeForm(ErrorListMixin, forms.Form):
    """A form with a one-time code from an authenticator app (``code``)."""

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data.get("code", ""))


def _password(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        error_messages={"required": f"请输入{label}。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _code(label: str, help_text: str, **options: Any) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, widget=forms.TextInput(attrs=CODE_ATTRS), **options)


class LoginForm(CodeForm):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        error_messages={"required": "请输入用户名。"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = _password("密码")
    code = _code("动态口令", "已启用动态口令的工作人员填写认证器应用上的6位数字；其他用户不填。", required=False)

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()


class TotpConfirmForm(CodeForm):
    code = _code(
        "动态口令",
        "在认证器应用中添加账号后，输入它显示的6位数字。",
        error_messages={"required": "请输入认证器应用上的6位动态口令。"},
    )


class ReauthForm(CodeForm):
    """Before a signed-in user binds a new authenticator: the password again, and a code from the
    authenticator bound now (if any), so a borrowed or stolen session cannot replace it."""

    password = _password("当前密码")
    code = _code("原认证器上的动态口令", "已绑定认证器的，输入原认证器应用上当前显示的6位数字。", required=False)
