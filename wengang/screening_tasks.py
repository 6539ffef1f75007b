"""Screening across Celery workers (issue 11): one task per partition, and a merge task.

The pure work is in :mod:`wengang.policy.partition`; this module only queues it. No Django
model is involved: a run is a directory under ``settings.SCREENING_SHARED_DIR`` (``job.json``,
the partitions' files, ``merged.json`` when done), shared by every worker node.

There is no result backend, so no chord: each partition task, when it finishes, claims the
merge by an exclusive create of ``merge.claim`` once every partition is done; exactly one (the
last to finish) queues the merge. A partition task that is retried (late acks) rewrites its files.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from celery import group, shared_task
from django.conf import settings

from .policy.partition import claim_merge, merge, plan, screen_partition


def shared_dir() -> Path:
    return Path(settings.SCREENING_SHARED_DIR)


def _job(workdir: Path) -> dict[str, Any]:
    job: dict[str, Any] = json.loads((workdir / "job.json").read_text(encoding="utf-8"))
    return job


@shared_task(name="wengang.screening.partition", acks_late=True)  # type: ignore[untyped-decorator]
def screen_partition_task(spec: dict[str, Any]) -> int:
    screen_partition(spec)
    job = _job(Path(spec["workdir"]))
    if claim_merge(job):
        merge_partitions_task.delay(job["workdir"])
    return int(spec["index"])


@shared_task(name="wengang.screening.merge", acks_late=True)  # type: ignore[untyped-decorator]
def merge_partitions_task(workdir: str) -> dict[str, Any]:
    path = Path(workdir)
    summary = merge(_job(path)).to_dict()
    for part in path.glob("part-*"):
        part.unlink()
    (path / "merged.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def start_screening(
    source: Path,
    output: Path,
    partitions: int,
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    sets: Sequence[str] = (),
    rejects: Path | None = None,
) -> Path:
    """Plan the run in a new directory under the shared one and queue its partitions.
    Returns the run's directory; ``merged.json`` appears there when the output is written."""
    workdir = shared_dir() / uuid.uuid4().hex
    job = plan(source, output, workdir, partitions, on=on, variant=variant, sets=sets, rejects=rejects)
    group(screen_partition_task.s(spec) for spec in job["specs"]).apply_async()
    return workdir


def run_status(workdir: Path) -> dict[str, Any]:
    """How far a run is: partitions done of all, and the summary once merged."""
    job = _job(workdir)
    done = sum(1 for _ in workdir.glob("part-*.done"))
    merged = workdir / "merged.json"
    summary = json.loads(merged.read_text(encoding="utf-8")) if merged.exists() else None
    return {"partitions": len(job["specs"]), "done": len(job["specs"]) if summary else done, "summary": summary}
