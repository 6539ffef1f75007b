"""Administrator: the 文号 prefix and the seal image of each document type."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from . import services
from .models import DocumentType, IssuedDocument


class DocumentTypeForm(forms.ModelForm):  # type: ignore[type-arg]
    seal_upload = forms.FileField(
        label="上传公章图片", required=False, help_text="PNG 格式，透明背景为宜，不超过 200 KB、长宽不超过 1200 像素"
    )
    remove_seal = forms.BooleanField(label="删除已上传的公章", required=False)

    class Meta:
        model = DocumentType
        fields = ["code", "name", "prefix"]

    def clean_seal_upload(self) -> bytes | None:
        upload = self.cleaned_data.get("seal_upload")
        if not upload:
            return None
        if upload.size > services.SEAL_MAX_BYTES:
            raise forms.ValidationError(f"公章图片不能超过 {services.SEAL_MAX_BYTES // 1024} KB，请压缩后重新上传")
        data: bytes = upload.read()
        services.validate_seal(data)
        return data


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = DocumentTypeForm
    list_display = ("name", "prefix", "has_seal")
    readonly_fields = ("seal_state",)

    @admin.display(description="公章", boolean=True)
    def has_seal(self, obj: DocumentType) -> bool:
        return bool(obj.seal)

    @admin.display(description="当前公章")
    def seal_state(self, obj: DocumentType) -> str:
        size = len(bytes(obj.seal or b""))
        return f"已上传（{size // 1024 or 1} KB）" if size else "未上传：文书上不加盖公章图片"

    def save_model(self, request: HttpRequest, obj: DocumentType, form: Any, change: bool) -> None:
        if form.cleaned_data.get("remove_seal"):
            obj.seal = b""
        if form.cleaned_data.get("seal_upload"):
            obj.seal = form.cleaned_data["seal_upload"]
        super().save_model(request, obj, form, change)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "doc_type", "issued_on", "subject")
    list_filter = ("doc_type", "year")
    search_fields = ("number", "subject")
    readonly_fields = ("doc_type", "year", "sequence", "number", "code", "subject", "issued_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
