"""Submit a run (stored, then screened in the background) and execute it with the engine."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from wengang import clock
from wengang.accounts.models import User
from wengang.policy import VARIANTS, parse_overrides, screen_file
from wengang.policy.params import ParameterError
from wengang.policy.screen import ScreenError

from .models import RunStatus, ScreeningRun

logger = logging.getLogger(__name__)
SUFFIXES = (".csv", ".parquet", ".xlsx")


class RunError(Exception):
    """The run cannot be submitted; the message is Chinese."""


class _Cancelled(Exception):
    """Staff cancelled the run while the engine was screening it."""


def run_reusable(*, sha256: str, decision_date: dt.date, variant: str, overrides: dict[str, str]) -> ScreeningRun | None:
    """A finished run of the same extract and scenario: screening it again would give the same files."""
    for run in ScreeningRun.objects.filter(
        input_sha256=sha256, decision_date=decision_date, variant=variant, status=RunStatus.DONE
    ).order_by("created_at", "id"):
        if run.overrides == overrides:
            return run
    return None


def file_sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def run_submit(
    *, user: User, upload: UploadedFile, decision_date: dt.date, variant: str = "baseline", overrides: list[str] | None = None
) -> ScreeningRun:
    """Check the request, keep the file and queue the run (it starts after the commit)."""
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise RunError("请上传 CSV、Parquet 或 Excel（.xlsx）格式的登记数据文件")
    if variant not in VARIANTS:
        raise RunError(f"未知的解读方案：{variant}（可用：{'、'.join(VARIANTS)}）")
    try:
        parsed = parse_overrides(overrides or [])
    except ParameterError as err:
        raise RunError(str(err)) from None
    sha = file_sha256(upload)
    kept = {k: str(v) for k, v in parsed.items()}
    reused = run_reusable(sha256=sha, decision_date=decision_date, variant=variant, overrides=kept)
    if reused is not None:
        reused.reused = True
        return reused
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            submitted_by=user, input_file=upload, input_name=name[:255], input_sha256=sha,
            decision_date=decision_date, variant=variant, overrides=kept,
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(pk: int) -> None:
    from .tasks import screen_run

    screen_run.delay(pk)


def run_execute(pk: int) -> ScreeningRun:
    """Screen the run's file with the engine; keep the three files and the counts. A bad file or
    parameter marks the run failed with the engine's Chinese message."""
    run = ScreeningRun.objects.get(pk=pk)
    if run.status != RunStatus.QUEUED:
        return run
    if not ScreeningRun.objects.filter(pk=pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=clock.now()
    ):
        return ScreeningRun.objects.get(pk=pk)

    def progress(done: int, total: int) -> None:
        if not ScreeningRun.objects.filter(pk=pk, status=RunStatus.RUNNING).update(rows_done=done, rows_total=total):
            raise _Cancelled

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"input{Path(run.input_name).suffix.lower()}"
        with run.input_file.open("rb") as fh:
            source.write_bytes(fh.read())
        output = Path(tmp) / "result.csv"
        rejects = Path(tmp) / "result.rejects.csv"
        try:
            summary = screen_file(
                source, output, on=run.decision_date, variant=run.variant,
                overrides=parse_overrides(f"{k}={v}" for k, v in run.overrides.items()), rejects=rejects,
                progress=progress,
            )
        except _Cancelled:
            return ScreeningRun.objects.get(pk=pk)
        except (ScreenError, ParameterError) as err:
            return _fail(pk, str(err).replace(str(source), run.input_name).replace(source.name, run.input_name))
        except Exception:
            logger.exception("screening run %s failed", pk)
            return _fail(pk, "筛查时出现系统错误，请联系管理员")
        run.refresh_from_db()
        if run.status != RunStatus.RUNNING:  # cancelled after the engine's last progress report
            return run
        for field, path, name in (
            (run.result_file, output, f"screening-{pk}.csv"),
            (run.rejects_file, rejects, f"screening-{pk}.rejects.csv"),
            (run.meta_file, output.with_name(output.name + ".meta.json"), f"screening-{pk}.meta.json"),
        ):
            with path.open("rb") as fh:
                field.save(name, File(fh), save=False)
        run.counts = summary.to_dict()
        run.status = RunStatus.DONE
        run.rows_done = run.rows_total = summary.rows
        run.finished_at = clock.now()
        run.save()
    return run


def run_cancel(*, run: ScreeningRun) -> bool:
    """Stop a queued or running run (the engine stops at its next progress report). False if it
    had already finished."""
    return bool(
        ScreeningRun.objects.filter(pk=run.pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
            status=RunStatus.CANCELLED, finished_at=clock.now()
        )
    )


def _fail(pk: int, message: str) -> ScreeningRun:
    ScreeningRun.objects.filter(pk=pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(status=RunStatus.FAILED, error=message[:500], finished_at=clock.now())
    return ScreeningRun.objects.get(pk=pk)
