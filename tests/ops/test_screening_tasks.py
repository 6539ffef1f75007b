"""Screening across Celery workers (issue 11): partition tasks and the merge, run eagerly; the
merged files are byte for byte those of one ``screen_file`` run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from tests.policy.test_partition import _snapshot, one_run
from wengang.screening_tasks import run_status, start_screening


@pytest.mark.parametrize("partitions", [1, 3])
def test_celery_partitions_merge_to_one_run(tmp_path: Path, partitions: int) -> None:
    source, out, expected, _ = one_run(tmp_path, "parquet")
    # tasks run eagerly without a broker (settings)
    with override_settings(SCREENING_SHARED_DIR=tmp_path / "shared"):
        workdir = start_screening(source, out, partitions)
    assert workdir.parent == tmp_path / "shared"
    assert _snapshot(out.parent, ".parquet") == expected
    status = run_status(workdir)
    assert status["partitions"] == partitions and status["done"] == partitions
    assert status["summary"]["rows"] == 12 and status["summary"]["accepted"] == 5
    assert sorted(p.name for p in workdir.iterdir()) == ["job.json", "merge.claim", "merged.json"]


REDIS_DB13 = "redis://127.0.0.1:6379/13"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_DB13, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_a_real_worker_on_redis_screens_three_partitions(tmp_path: Path) -> None:
    """A Celery worker (its own process, broker Redis db 13) runs the three partitions and the
    merge, queued by another process; the files are those of one run. Bounded and cleaned up."""
    import os
    import subprocess
    import sys
    import time

    import redis

    if not _redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    source, out, expected, _ = one_run(tmp_path, "csv")
    shared = tmp_path / "shared"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wengang.config.settings",
        "CELERY_BROKER_URL": REDIS_DB13,
        "SCREENING_SHARED_DIR": str(shared),
    }
    env.pop("DATABASE_URL", None)  # the tasks use no database
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(
        [str(celery), "-A", "wengang.config", "worker", "--pool=solo", "-n", f"h11c-test-{os.getpid()}@%h",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        queue = (
            "import django; django.setup(); from pathlib import Path; "
            "from wengang.screening_tasks import start_screening; "
            f"print(start_screening(Path({str(source)!r}), Path({str(out)!r}), 3))"
        )
        workdir = Path(subprocess.run(
            [sys.executable, "-c", queue], env=env, check=True, capture_output=True, text=True, timeout=30
        ).stdout.strip())
        deadline = time.monotonic() + 40
        while not (workdir / "merged.json").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert run_status(workdir)["summary"] is not None, "the worker did not merge within 40 s"
        assert _snapshot(out.parent, ".csv") == expected
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        redis.Redis.from_url(REDIS_DB13).flushdb()
