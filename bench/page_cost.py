"""Per-request cost of the slow pages: CPU milliseconds, queries and SQL time, in-process.

Load hardly changes what one request costs (CPU time, number of queries), while a shared machine
changes throughput figures a lot; so compare code by this table. Needs a migrated database holding
the demo data (``manage.py load_demo``); signs in with Django's test client as the demo user of each
page (``bench/load/pages.py``) and times ``--requests`` requests of each, after one warm-up::

    PRODUCTION=1 SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/wengang_load \\
      WENGANG_TODAY=2020-06-01 .venv/bin/python bench/page_cost.py --requests 50

Prints, per page: CPU ms per request (``time.process_time``; the process's own CPU, so the
database server's work is not in it), wall ms, queries per request and SQL wall ms per request
(``connection.execute_wrapper`` around every query), and the median and 95th percentile of the
per-request CPU. With PostgreSQL on this machine also the database server's CPU per request ("PG ms":
the CPU time of the connection's backend process, from ``/proc/<pid>/schedstat``), so that the total
cost of a request is Django's CPU plus the server's.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from page_client import client_for, request  # noqa: E402
from pages import PAGES  # noqa: E402
from query_timer import QueryTimer  # noqa: E402

DEFAULT_PAGES = ["calculator_post", "portal", "review"]


def backend_cpu() -> tuple[int, float] | None:
    """This connection's PostgreSQL backend process and the CPU seconds it has used so far (None: not
    PostgreSQL, or not on this machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        return pid, int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def server_ms(before: tuple[int, float] | None, after: tuple[int, float] | None, requests: int) -> float:
    """The backend's CPU ms per request; NaN unless one backend served them all (persistent connection:
    ``DB_CONN_MAX_AGE``, 60 s with ``PRODUCTION=1``)."""
    if before is None or after is None or before[0] != after[0]:
        return math.nan
    return (after[1] - before[1]) * 1000 / requests


def measure(page: str, requests: int) -> dict[str, float]:
    client = client_for(page)
    status = request(client, page)  # warm-up: templates, caches, the connection
    if status != 200:
        raise SystemExit(f"{page}: HTTP {status}")
    timer = QueryTimer()
    cpu_each: list[float] = []
    server = backend_cpu()
    wall = time.perf_counter()
    with connection.execute_wrapper(timer):
        for _ in range(requests):
            cpu = time.process_time()
            request(client, page)
            cpu_each.append((time.process_time() - cpu) * 1000)
    wall_ms = (time.perf_counter() - wall) * 1000 / requests
    server_after = backend_cpu()
    cpu_each.sort()
    return {
        "cpu": statistics.fmean(cpu_each),
        "cpu_p50": statistics.median(cpu_each),
        "cpu_p95": cpu_each[min(len(cpu_each) - 1, int(len(cpu_each) * 0.95))],
        "wall": wall_ms,
        "queries": timer.count / requests,
        "sql": timer.seconds * 1000 / requests,
        "pg": server_ms(server, server_after, requests),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help=f"of {', '.join(PAGES)}")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    unknown = [page for page in args.pages if page not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    load = os.getloadavg()[0]
    print(f"{args.requests} requests per page after one warm-up; 1-minute load average {load:.1f}")
    print(f"{'page':16} {'CPU ms':>8} {'p50':>7} {'p95':>7} {'wall ms':>8} {'queries':>8} {'SQL ms':>8} {'PG ms':>7}")
    for page in args.pages:
        row = measure(page, args.requests)
        print(
            f"{page:16} {row['cpu']:8.2f} {row['cpu_p50']:7.2f} {row['cpu_p95']:7.2f} "
            f"{row['wall']:8.2f} {row['queries']:8.1f} {row['sql']:8.2f} {row['pg']:7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
