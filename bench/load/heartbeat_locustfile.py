"""Locust learners for the heartbeat benchmark (bench/load/heartbeat.py starts them; bench/README.md).

Each user is one learner of the file ``WG_HEARTBEAT_FILE`` (learning pass, lesson), watching at normal speed: one heartbeat every ``WG_HEARTBEAT_SECONDS`` (20) reporting the
next 20 seconds of video. A heartbeat must come back ``ok`` having added exactly those 20 seconds,
else it is a failure. The added milliseconds the server confirmed are summed and written to
``WG_HEARTBEAT_TOTAL`` at the end, to compare with what the database kept (no lost minutes).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heartbeat_world import URL, report  # noqa: E402 - beside this file

EVERY = float(os.environ.get("WG_HEARTBEAT_SECONDS", "20"))
with open(os.environ["WG_HEARTBEAT_FILE"], encoding="utf-8") as f:
    LEARNERS = [json.loads(line) for line in f if line.strip()]
NEXT = itertools.count()
CONFIRMED = {"ms": 0, "ok": 0}


class Learner(FastHttpUser):
    network_timeout = 10
    connection_timeout = 10
    max_retries = 0

    def on_start(self) -> None:
        self.me = LEARNERS[next(NEXT) % len(LEARNERS)]
        # as the video page sends it: the learning pass in a header, no cookie
        self.headers = {"X-Learning-Pass": self.me["pass"], "Content-Type": "application/json"}
        self.seq = 0
        self.position = 0
        # learners started watching at different moments: the first reports are spread over 20 s, so
        # 100 requests a second are offered from the start (a session may report two minutes at once)
        gevent.sleep(random.uniform(0, EVERY))
        self.due = time.monotonic()

    def wait_time(self) -> float:
        """Every learner reports every EVERY seconds on its own beat, however long an answer took
        (Locust's constant_throughput would count the first sleep as a task's time and make every
        learner's second report fall at the same moment)."""
        self.due += EVERY
        return max(0.0, self.due - time.monotonic())

    @task
    def heartbeat(self) -> None:
        self.seq += 1
        span = int(EVERY * 1000)
        body = report(self.me["lesson"], self.seq, self.position, span)
        with self.client.post(URL, data=body, headers=self.headers, name="heartbeat", catch_response=True) as r:
            answer = r.json() if r.status_code == 200 else {}
            if answer.get("state") == "ok" and answer.get("added_ms") == span:
                self.position += span
                CONFIRMED["ms"] += span
                CONFIRMED["ok"] += 1
                r.success()
            else:
                r.failure(f"HTTP {r.status_code} {answer.get('state')} {answer.get('message', '')}")


@events.quitting.add_listener
def _write_total(environment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with open(os.environ["WG_HEARTBEAT_TOTAL"], "w", encoding="utf-8") as f:
        json.dump(CONFIRMED, f)
