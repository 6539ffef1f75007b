"""The upload form for a registry extract."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile

from wengang import clock

SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm")
MAX_BYTES = 100 * 1024 * 1024


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label="登记数据文件",
        help_text="CSV（UTF-8）、Parquet 或 Excel（.xlsx，读第一个工作表）；列名用英文字段名或中文名称（如“统一社会信用代码”）。",
        error_messages={"required": "请选择要导入的文件。"},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    as_of = forms.DateField(
        label="登记数据日期",
        help_text="数据提取的日期，记录在每个单位上。",
        error_messages={"required": "请填写登记数据日期。", "invalid": "日期格式应为 2020-04-30。"},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["as_of"].initial = clock.today()

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError("只能导入 .csv、.parquet 或 .xlsx 文件。")
        if (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError("文件超过 100 MB；请用命令 import_registry 导入大文件。")
        return upload
