#!/usr/bin/env python3
"""Time each dashboard chart's query on the data of ``bench/dashboard_data.py`` (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wg_bench .venv/bin/python bench/dashboard_bench.py --repeat 10

Each chart is built (its one aggregate query, as the page runs it) for four scopes — the whole
district, a four-week range, one street, one industry section — ``--repeat`` times after one warm-up;
printed: rows in the database, then p50 and p95 milliseconds per chart over all runs, and the same
for the whole page (every chart of one scope, as /dashboard/ computes them). ``--page`` also times
``GET /dashboard/`` (the rendered page, through Django's test client, as a district reviewer) for
the same scopes.
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
    parser.add_argument("--page", action="store_true", help="also time GET /dashboard/ through the test client")
    args = parser.parse_args()

    import django

    django.setup()
    from wengang.jobs.models import JobPost
    from wengang.monitoring.dashboard import Scope
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
    print(f"{Application.objects.count():,} applications, {JobPost.objects.count():,} job posts; "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    page: list[float] = []
    per_chart: dict[str, list[float]] = {slug: [] for slug in CHARTS}
    for run in range(args.repeat + 1):
        for scope in scopes:
            began = time.perf_counter()
            for slug, spec in CHARTS.items():
                t = time.perf_counter()
                spec.build(scope)
                if run:
                    per_chart[slug].append((time.perf_counter() - t) * 1000)
            if run:
                page.append((time.perf_counter() - began) * 1000)
    print(f"{'chart':<12}{'p50 ms':>10}{'p95 ms':>10}")
    for slug, times in per_chart.items():
        print(f"{slug:<12}{statistics.median(times):>10.1f}{p95(times):>10.1f}")
    print(f"{'whole page':<12}{statistics.median(page):>10.1f}{p95(page):>10.1f}")
    if args.page:
        print(f"{'GET page':<12}" + "".join(f"{v:>10.1f}" for v in rendered(scopes, args.repeat)))
    print(f"load {os.getloadavg()[0]:.2f}")


def rendered(scopes: list, repeat: int) -> tuple[float, float]:  # type: ignore[type-arg]
    """p50 and p95 ms of GET /dashboard/ for the scopes (HTML of every chart with its table)."""
    from django.test import Client

    from wengang.accounts.models import Department, Role, User

    reviewer, _ = User.objects.get_or_create(
        username="bench-reviewer",
        defaults={"role": Role.REVIEWER, "department": Department.objects.get(code="labour-service")},
    )
    client = Client()
    client.force_login(reviewer)
    times: list[float] = []
    for run in range(repeat + 1):
        for scope in scopes:
            began = time.perf_counter()
            response = client.get(f"/dashboard/?{scope.query()}")
            assert response.status_code == 200, response.status_code
            if run:
                times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), p95(times)


if __name__ == "__main__":
    main()
