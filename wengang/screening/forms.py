"""The screening form: an uploaded extract or the imported registry, a decision date, a variant
and ``--set``-style parameter overrides (checked by the engine's own parser)."""

from __future__ import annotations

from typing import Any

from django import forms

from wengang.calculator.forms import variant_label
from wengang.policy import DEFAULT_ON, VARIANTS, parse_overrides
from wengang.policy.params import ParameterError

MAX_UPLOAD_MB = 50


class RunForm(forms.Form):
    source = forms.ChoiceField(
        label="数据来源",
        choices=[("upload", "上传登记数据文件"), ("registry", "使用最新导入的登记库")],
        initial="upload",
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="登记数据文件", required=False,
        help_text=f"CSV（UTF-8 或中文国标编码）、Excel（.xlsx）或 Parquet，列名按登记数据接口规范；不超过 {MAX_UPLOAD_MB} MB。",
    )
    decision_date = forms.DateField(
        label="判定日期", initial=DEFAULT_ON, help_text="按该日期选用当时有效的政策参数。",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    variant = forms.ChoiceField(
        label="解读方案", choices=[(name, variant_label(name)) for name in VARIANTS], initial="baseline"
    )
    overrides = forms.CharField(
        label="参数调整（模拟）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项，格式“参数代码=新值”，与命令行 --set 相同；各参数的代码见“参数一览”。",
    )

    def clean_overrides(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["overrides"].splitlines() if line.strip()]
        try:
            parse_overrides(lines)
        except ParameterError as err:
            raise forms.ValidationError(str(err)) from None
        return lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if data.get("source") == "upload":
            if not upload:
                if "file" not in self.errors:
                    self.add_error("file", "请选择要上传的登记数据文件")
            elif upload.size > MAX_UPLOAD_MB * 1024 * 1024:
                self.add_error("file", f"文件超过 {MAX_UPLOAD_MB} MB")
        return data
