"""Uploading a registry extract (administrators only), served inside the admin site."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wengang.accounts.models import User
from wengang.accounts.permissions import can_import_registry
from wengang.policy.screen import ScreenError

from .forms import RegistryImportForm
from .models import Organisation
from .services import ImportResult, registry_import_extract

#: rejects listed on the page; the management command handles files with more
SHOWN = 500


def _import_upload(form: RegistryImportForm) -> ImportResult:
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="wengang-registry-") as folder:
        path = Path(folder) / f"extract{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return registry_import_extract(path_or_frame=path, as_of=form.cleaned_data["as_of"])


def registry_import(request: HttpRequest) -> HttpResponse:
    if not isinstance(request.user, User) or not can_import_registry(request.user):
        raise PermissionDenied("只有系统管理员可以导入登记数据。")
    result = None
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = _import_upload(form)
            except ScreenError as exc:
                form.add_error("file", str(exc))
    else:
        form = RegistryImportForm()
    ctx: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": "导入登记数据",
        "opts": Organisation._meta,
        "form": form,
        "result": result,
        "shown": result.rejects[:SHOWN] if result else [],
        "hidden": max(0, len(result.rejects) - SHOWN) if result else 0,
    }
    return TemplateResponse(request, "registry/admin/import.html", ctx)
