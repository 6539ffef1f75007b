"""What one training heartbeat costs (issue 14), in-process through the whole middleware stack.

Like ``page_cost.py``, but a heartbeat is not a page: each request must report the next span of
video of a learner with an open learning session. Makes ``--learners`` learners (usernames
``hb-…``, see ``load/heartbeat_world.py``; made again on every run) in the database of
``DATABASE_URL``, then sends ``--requests`` heartbeats round-robin over them, each reporting the
next 2 s of video, and checks that every one came back ``ok`` having added exactly 2 s::

    PRODUCTION=1 SECRET_KEY=x DB_CONN_MAX_AGE=60 DATABASE_URL=postgres://postgres@127.0.0.1:5432/wg_beat \\
      WENGANG_TODAY=2020-06-01 .venv/bin/python bench/heartbeat_cost.py --requests 1000
    … bench/heartbeat_cost.py --profile            # the pyinstrument call tree instead (wall time)
    … bench/heartbeat_cost.py --cprofile           # cProfile by CPU time (process_time)

Prints CPU ms per request (``time.process_time``: this process only, not the database server's
work; mean, median, 95th percentile), wall ms, queries and SQL wall ms per request, and the
1-minute load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wengang.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from heartbeat_world import URL, make_learners, report  # noqa: E402
from page_cost import QueryTimer  # noqa: E402

SPAN_MS = 2000


class Learner:
    """One learner's player: its learning pass and where its video is (no cookie, as the page sends it)."""

    def __init__(self, me: dict[str, Any]) -> None:
        self.me = me
        self.client = Client(enforce_csrf_checks=True)
        self.seq = 0
        self.position = 0

    def beat(self) -> None:
        self.seq += 1
        response = self.client.post(
            URL,
            report(self.me["lesson"], self.seq, self.position, SPAN_MS),
            content_type="application/json",
            headers={"X-Learning-Pass": self.me["pass"]},
        )
        answer = response.json() if response.status_code == 200 else {}
        if answer.get("state") != "ok" or answer.get("added_ms") != SPAN_MS:
            raise SystemExit(f"heartbeat {self.seq} of {self.me['user']}: HTTP {response.status_code} {answer}")
        self.position += SPAN_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print pyinstrument's call tree (wall time) instead")
    parser.add_argument("--cprofile", action="store_true", help="print cProfile's top functions by CPU time instead")
    args = parser.parse_args()
    # each learner may report two minutes of video at once (the token bucket's cap): 60 spans of 2 s
    per_learner = -(-args.requests // args.learners)
    if per_learner > 55:
        parser.error("at most 55 requests per learner (the two minutes a session may have in hand)")
    learners = [Learner(me) for me in make_learners(args.learners, opened_ago=dt.timedelta(hours=1))]
    for learner in learners:  # warm-up: the connection, the first request of each client
        learner.beat()
    order = [learners[k % len(learners)] for k in range(args.requests)]
    load = os.getloadavg()[0]
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for learner in order:
            learner.beat()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0
    if args.cprofile:
        import cProfile
        import pstats

        cpu_profiler = cProfile.Profile(time.process_time)
        cpu_profiler.enable()
        for learner in order:
            learner.beat()
        cpu_profiler.disable()
        pstats.Stats(cpu_profiler).sort_stats("cumulative").print_stats(45)
        return 0
    timer = QueryTimer()
    cpu_each: list[float] = []
    wall = time.perf_counter()
    with connection.execute_wrapper(timer):
        for learner in order:
            cpu = time.process_time()
            learner.beat()
            cpu_each.append((time.process_time() - cpu) * 1000)
    wall_ms = (time.perf_counter() - wall) * 1000 / args.requests
    cpu_each.sort()
    vendor = connection.vendor
    print(f"{args.requests} heartbeats of {args.learners} learners on {vendor}; 1-minute load average {load:.1f}")
    print(f"{'CPU ms':>8} {'p50':>7} {'p95':>7} {'wall ms':>8} {'queries':>8} {'SQL ms':>8}")
    print(
        f"{statistics.fmean(cpu_each):8.2f} {statistics.median(cpu_each):7.2f} "
        f"{cpu_each[min(len(cpu_each) - 1, int(len(cpu_each) * 0.95))]:7.2f} {wall_ms:8.2f} "
        f"{timer.count / args.requests:8.1f} {timer.seconds * 1000 / args.requests:8.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
