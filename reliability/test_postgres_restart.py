"""PostgreSQL restarted under load: requests in flight get the Chinese 503 (never a 500), later ones
succeed, and the application is not restarted (same worker processes)."""

from __future__ import annotations

import subprocess
import threading
import time

from .conftest import FIGURES
from .harness import free_port, get

CLIENTS = 4
SECONDS = 15


def workers_of(master: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return {int(pid) for pid in out.split()}


def test_a_postgres_restart_under_load_gives_503_then_recovers_without_restarting_the_app(stack) -> None:
    st, pg, _redis, _seed = stack
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = st.web(port, WEB_WORKERS="2", WEB_THREADS="4", WENGANG_MAX_INFLIGHT="4")
    deadline = time.monotonic() + 30
    while len(workers := workers_of(web.pid)) < 2 and time.monotonic() < deadline:  # both forked
        time.sleep(0.1)
    assert len(workers) == 2
    results: list[tuple[float, int, str, str]] = []  # (started, status, Retry-After, body)
    started = time.monotonic()

    def client() -> None:
        while time.monotonic() - started < SECONDS:
            t = time.monotonic() - started
            status, headers, body, _ = get(base + "/jobs/", timeout=10)
            results.append((t, status, headers.get("Retry-After", ""), body))

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(3)
    restart_began = time.monotonic() - started
    pg.restart()  # fast shutdown: open connections are terminated, new ones refused meanwhile
    restart_ended = time.monotonic() - started
    for t in threads:
        t.join(SECONDS + 20)

    statuses = [status for _, status, _, _ in results]
    unavailable = [r for r in results if r[1] == 503]
    settled = [r for r in results if r[0] > restart_ended + 1]
    FIGURES["postgres_restart"] = {
        "requests": len(results),
        "ok": statuses.count(200),
        "chinese_503": len(unavailable),
        "other": len([s for s in statuses if s not in (200, 503)]),
        "restart_seconds": round(restart_ended - restart_began, 2),
        "requests_after_restart_plus_1s": len(settled),
        "ok_after_restart_plus_1s": len([r for r in settled if r[1] == 200]),
        "same_worker_processes": workers_of(web.pid) == workers,
    }
    assert set(statuses) <= {200, 503}  # never a 500, never a dropped connection
    assert unavailable, "the restart was not seen by any request"
    assert all(r[2] == "5" and "服务暂时不可用" in r[3] for r in unavailable)
    assert settled and all(r[1] == 200 for r in settled)
    assert workers_of(web.pid) == workers
