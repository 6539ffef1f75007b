"""Import jobs (registry extracts, vacancy lists) run in the background (eagerly in-process when no broker is configured)."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def run_import_job(job_id: int) -> str:
    """Run one queued import job. Returns its final status."""
    from wengang.imports import import_job_run

    return import_job_run(job_id).status
