"""The private stack shared by the fault tests (one PostgreSQL cluster, one redis-server, migrated
once), the seed data, and the figures of the run (written to reliability/last-run.json)."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import PrivatePostgres, PrivateRedis, Stack, make_stack, temp_folder

FIGURES: dict[str, Any] = {}
SEED = """
import json
from tests.subsidies_review.conftest import application, department, organisation, user
from wengang.accounts.models import Role
labour = department("labour-service", "劳动服务管理中心")
reviewer = user(Role.REVIEWER, department=labour)
apps = [application(organisation(), "OP3", status="district_review").pk for _ in range({n})]
print(json.dumps({{"reviewer": reviewer.pk, "apps": apps}}))
"""


@pytest.fixture(scope="session")
def stack() -> Iterator[tuple[Stack, PrivatePostgres, PrivateRedis, dict[str, Any]]]:
    folder = temp_folder()
    pg = PrivatePostgres(folder / "pg")
    redis = PrivateRedis(folder / "redis")
    (folder / "redis").mkdir()
    started = time.monotonic()
    pg.init()
    redis.start()
    st = make_stack(folder, pg, redis)
    try:
        st.manage("migrate", "--noinput", "-v", "0")
        st.manage("collectstatic", "--noinput", "-v", "0")
        # seed eagerly (no broker): the scenarios count only the changes they make themselves
        seed = json.loads(st.python(SEED.format(n=30), CELERY_BROKER_URL="").strip().splitlines()[-1])
        FIGURES["setup_seconds"] = round(time.monotonic() - started, 1)
        yield st, pg, redis, seed
    finally:
        st.close()
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by a failed test
            pg.stop()
        kept = Path(__file__).with_name("logs-last-run")  # for reading after the run (not in git)
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(folder / "logs", kept, ignore=shutil.ignore_patterns("celerybeat-schedule*"))
        shutil.copy(folder / "pg" / "log", kept / "postgresql.log")
        shutil.rmtree(folder, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if FIGURES:  # merged: a run of one test keeps the others' last figures
        out = Path(__file__).with_name("last-run.json")
        figures = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        out.write_text(json.dumps({**figures, **FIGURES}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def own_processes(stack: tuple[Stack, Any, Any, Any]) -> Iterator[None]:
    """Each test stops the processes it started (a worker left running would take the next test's tasks)."""
    st = stack[0]
    before = len(st.processes)
    yield
    for process in st.processes[before:]:
        if process.poll() is None:
            Stack.kill(process)
    del st.processes[before:]
