"""Uploading a registry extract (administrators only), served inside the admin site.

The upload becomes an import job run in the background (Celery; in-process without a broker);
its result page polls its progress with htmx until the job is done."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from wengang.accounts.models import User
from wengang.accounts.permissions import can_import_registry

from .forms import RegistryImportForm
from .models import ImportJob, Organisation
from .tasks import run_import_job


def _administrator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can_import_registry(user):
        raise PermissionDenied("只有系统管理员可以导入登记数据。")
    return user


def _context(request: HttpRequest, **values: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": "导入登记数据", "opts": Organisation._meta, **values}


def registry_import(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                job = ImportJob(
                    as_of=form.cleaned_data["as_of"], original_name=(upload.name or "")[:255], created_by=user
                )
                job.file.save(upload.name or "extract", upload, save=False)
                job.save()
                transaction.on_commit(lambda: run_import_job.delay(job.pk))
            return redirect("admin:registry_organisation_import_job", pk=job.pk)
    else:
        form = RegistryImportForm()
    recent = ImportJob.objects.select_related("created_by")[:5]
    return TemplateResponse(request, "registry/admin/import.html", _context(request, form=form, recent=recent))


def registry_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress and, once done, its counts and rejected rows; htmx asks for the part only."""
    _administrator(request)
    job = get_object_or_404(ImportJob, pk=pk)
    template = (
        "registry/admin/_import_job.html" if request.headers.get("HX-Request") else "registry/admin/import_job.html"
    )
    response = TemplateResponse(request, template, _context(request, job=job, title="登记数据导入结果"))
    patch_vary_headers(response, ["HX-Request"])
    return response
