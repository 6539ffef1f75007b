#!/usr/bin/env python3
"""Time each dashboard chart's query on the data of ``bench/dashboard_data.py`` (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wg_bench .venv/bin/python bench/dashboard_bench.py --repeat 10

Each chart is built alone (its own reading of the summary) for four scopes — the whole district, a
four-week range, one street, one industry section — ``--repeat`` times after one warm-up; printed:
rows in the database, then p50 and p95 milliseconds per chart over all runs, and for all charts of
one scope as /dashboard/ computes them (one shared ``Reading``: the application charts' groups in one
statement, their weeks in one query). ``--page`` also requests every dashboard page through Django's
test client — the district page (a district reviewer), a street office's page (its own street), the
filtered page (four weeks + a street + an industry section in the URL) and /dashboard/warning/ —
and prints p50/p95 wall ms and, per request (medians), this process's CPU ms, the SQL wall ms and
the number of queries. Nothing is cached: every request reads the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--page", action="store_true", help="also time every dashboard page through the test client")
    args = parser.parse_args()

    import django

    django.setup()
    from wengang.jobs.models import JobPost
    from wengang.monitoring.dashboard import Reading, Scope
    from wengang.monitoring.models import FirmMonth
    from wengang.monitoring.views import CHARTS
    from wengang.registry.models import Street
    from wengang.subsidies.models import Application

    street = Street.objects.get(name="望京").pk
    scopes = [
        Scope(),
        Scope(start=dt.date(2020, 4, 1), end=dt.date(2020, 4, 28)),
        Scope(street_id=street),
        Scope(industry="H"),
    ]
    print(f"{Application.objects.count():,} applications, {JobPost.objects.count():,} job posts, "
          f"{FirmMonth.objects.count():,} firm-months; load {os.getloadavg()[0]:.2f}")  # fmt: skip
    page: list[float] = []
    per_chart: dict[str, list[float]] = {slug: [] for slug in CHARTS}
    for run in range(args.repeat + 1):
        for scope in scopes:
            for slug, spec in CHARTS.items():  # each chart alone: its own reading of the summary
                t = time.perf_counter()
                spec.build(scope)
                if run:
                    per_chart[slug].append((time.perf_counter() - t) * 1000)
            began = time.perf_counter()
            read = Reading(scope)  # the page: the charts share one reading
            for spec in CHARTS.values():
                spec.build(read)
            if run:
                page.append((time.perf_counter() - began) * 1000)
    print(f"{'chart':<12}{'p50 ms':>10}{'p95 ms':>10}")
    for slug, times in per_chart.items():
        print(f"{slug:<12}{statistics.median(times):>10.1f}{p95(times):>10.1f}")
    print(f"{'all charts':<12}{statistics.median(page):>10.1f}{p95(page):>10.1f}")
    if args.page:
        rendered(street, args.repeat)
    print(f"load {os.getloadavg()[0]:.2f}")


def pages(street: int) -> list[tuple[str, str, str]]:
    """The dashboard pages timed by ``--page``: (name, who, URL)."""
    return [
        ("district", "reviewer", "/dashboard/"),
        ("street office", "street", "/dashboard/"),
        ("filtered", "reviewer", f"/dashboard/?start=2020-04-01&end=2020-04-28&street={street}&industry=H"),
        ("warning", "reviewer", "/dashboard/warning/"),
    ]


def rendered(street: int, repeat: int) -> None:
    """Each dashboard page through Django's test client, ``repeat`` times after one warm-up:
    p50/p95 wall ms, and per request the median CPU ms of this process (``time.process_time``:
    Django, templates; the database server's work is not in it), queries and SQL wall ms."""
    from django.db import connection
    from django.test import Client
    from query_timer import QueryTimer

    from wengang.accounts.models import Department, Role, User
    from wengang.registry.models import Street

    users = {
        "reviewer": User.objects.get_or_create(
            username="bench-reviewer",
            defaults={"role": Role.REVIEWER, "department": Department.objects.get(code="labour-service")},
        )[0],
        "street": User.objects.get_or_create(
            username="bench-street", defaults={"role": Role.STREET, "street": Street.objects.get(pk=street)}
        )[0],
    }
    print(f"\n{'page':<15}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'SQL ms':>9}{'queries':>9}   (medians per request)")
    for name, who, url in pages(street):
        client = Client()
        client.force_login(users[who])
        wall: list[float] = []
        cpu: list[float] = []
        sql: list[float] = []
        queries = 0
        for run in range(repeat + 1):
            timer = QueryTimer()
            began, began_cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(timer):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if run:
                wall.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
                sql.append(timer.seconds * 1000)
                queries = timer.count
        print(
            f"{name:<15}{statistics.median(wall):>9.1f}{p95(wall):>9.1f}{statistics.median(cpu):>9.1f}"
            f"{statistics.median(sql):>9.1f}{queries:>9}"
        )


if __name__ == "__main__":
    main()
