"""Uploading a registry extract (administrators only), served inside the admin site.

The upload becomes an import job run in the background (Celery; in-process without a broker);
its result page polls its progress with htmx until the job is done."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from wengang.accounts.models import User
from wengang.accounts.permissions import can_import_registry
from wengang.imports import import_job_page, import_job_queue

from .forms import RegistryImportForm
from .models import ImportJob, Organisation


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
            job = import_job_queue(
                kind=ImportJob.Kind.REGISTRY,
                upload=form.cleaned_data["file"],
                user=user,
                as_of=form.cleaned_data["as_of"],
            )
            return redirect("admin:registry_organisation_import_job", pk=job.pk)
    else:
        form = RegistryImportForm()
    recent = ImportJob.objects.filter(kind=ImportJob.Kind.REGISTRY).select_related("created_by")[:5]
    return TemplateResponse(request, "registry/admin/import.html", _context(request, form=form, recent=recent))


def registry_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress and, once done, its counts and rejected rows; htmx asks for the part only."""
    _administrator(request)
    job = get_object_or_404(ImportJob, pk=pk, kind=ImportJob.Kind.REGISTRY)
    return import_job_page(
        request,
        job,
        page="registry/admin/import_job.html",
        part="registry/admin/_import_job.html",
        context=_context(request, title="登记数据导入结果"),
    )
