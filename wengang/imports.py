"""Uploads that run as background import jobs: the registry extract and the street's vacancy list.

One job row (``wengang.registry.models.ImportJob``, with its ``kind``) records the upload, its
progress for the result page (polled with htmx) and then its counts and rejected rows. The work of
each kind is one function ``work(job, progress) -> values`` named in :data:`WORK`; this module
queues the job, runs it (Celery; in-process without a broker), records the outcome and deletes the
uploaded file. A kind's work is one transaction: a job that fails has imported nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from wengang import clock
from wengang.accounts.models import User
from wengang.policy.screen import ScreenError
from wengang.registry.models import ImportJob

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

#: each kind's work: ``work(job, progress)`` returns the job's outcome fields or raises ImportRefused
WORK = {
    ImportJob.Kind.REGISTRY: "wengang.registry.services.registry_import_job_work",
    ImportJob.Kind.JOB_POSTS: "wengang.jobs.services.posts_import_job_work",
    ImportJob.Kind.MONTHLY: "wengang.monitoring.warning.monthly_import_job_work",
}


class ImportRefused(Exception):
    """The file was refused as a whole (a Chinese reason), with the rows that made it so."""

    def __init__(self, reason: str, *, rejects: list[dict[str, Any]] | None = None) -> None:
        super().__init__(reason)
        self.rejects = rejects or []


def import_job_queue(*, kind: str, upload: UploadedFile, user: User, **values: Any) -> ImportJob:
    """Keep the upload on a new job and run it once the request's transaction commits."""
    from wengang.registry.tasks import run_import_job

    with transaction.atomic():
        job = ImportJob(kind=kind, original_name=(upload.name or "")[:255], created_by=user, **values)
        job.file.save(upload.name or "upload", upload, save=False)
        job.save()
        transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_job_run(job_id: int) -> ImportJob:
    """Run one queued job: progress on the job row as it goes, then its outcome; a refused file
    (or any failure) marks the job failed with a Chinese reason."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job  # a redelivered task: the job already ran

    def progress(percent: int, stage: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, progress=percent, stage=stage)

    work = import_string(WORK[ImportJob.Kind(job.kind)])
    try:
        values = work(job, progress)
    except ImportRefused as exc:
        _finish(
            job, status=ImportJob.Status.FAILED, error=str(exc), rejects=exc.rejects, rejects_total=len(exc.rejects)
        )
    except ScreenError as exc:
        _finish(job, status=ImportJob.Status.FAILED, error=str(exc))
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(
            job, status=ImportJob.Status.FAILED, error="导入时发生系统错误，未导入任何数据；请稍后重试或联系运维人员。"
        )
    else:
        _finish(job, status=ImportJob.Status.DONE, **values)
    job.refresh_from_db()
    return job


def _finish(job: ImportJob, **values: Any) -> None:
    """Record the outcome; the uploaded file is not kept once the job has run."""
    done = values["status"] == ImportJob.Status.DONE
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(
        **({"progress": 100, "stage": "已完成"} if done else {"stage": "已停止"}),
        finished_at=clock.now(),
        file="",
        **values,
    )


def import_job_page(
    request: HttpRequest, job: ImportJob, *, page: str, part: str, context: dict[str, Any]
) -> HttpResponse:
    """The job's result page, or only its part when htmx polls for progress."""
    template = part if request.headers.get("HX-Request") else page
    response = TemplateResponse(request, template, {**context, "job": job})
    patch_vary_headers(response, ["HX-Request"])
    return response
