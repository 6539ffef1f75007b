"""Screening across Celery workers (issue 11): partition tasks and the merge, run eagerly; the
merged files are byte for byte those of one ``screen_file`` run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from tests.policy.test_partition import _snapshot, _source
from wengang.policy import screen_file
from wengang.screening_tasks import run_status, start_screening


@pytest.mark.parametrize("partitions", [1, 3])
def test_celery_partitions_merge_to_one_run(tmp_path: Path, partitions: int) -> None:
    source = _source(tmp_path, "parquet")
    out = tmp_path / "run" / "out.parquet"
    out.parent.mkdir()
    screen_file(source, out)
    expected = _snapshot(out.parent, ".parquet")
    shutil.rmtree(out.parent)
    out.parent.mkdir()
    # tasks run eagerly without a broker (settings)
    with override_settings(SCREENING_SHARED_DIR=tmp_path / "shared"):
        workdir = start_screening(source, out, partitions)
    assert workdir.parent == tmp_path / "shared"
    assert _snapshot(out.parent, ".parquet") == expected
    status = run_status(workdir)
    assert status["partitions"] == partitions and status["done"] == partitions
    assert status["summary"]["rows"] == 12 and status["summary"]["accepted"] == 5
    assert sorted(p.name for p in workdir.iterdir()) == ["job.json", "merge.claim", "merged.json"]
