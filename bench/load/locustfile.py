"""Locust users for the load benchmark (bench/load/run.py starts them; see bench/README.md, "Load").

One page per run, chosen by ``WG_PAGE``; every user asks for it at an even pace of
``WG_USER_RATE`` requests a second, or as fast as it can when the rate is 0 (the maximum-throughput
step). The users' beats are spread over the period (``PhasedPace``): with Locust's
``constant_throughput`` the users, spawned 1/users s apart, fell into a few phases of the 1/rate
period, so "50 requests a second" arrived as bursts of five at once. Signed-in pages use the session cookie the runner made for
their account (``WG_COOKIE_<ACCOUNT>``); the calculator POST first GETs the form for its CSRF token.
"""

from __future__ import annotations

import itertools
import os
import time
import urllib.parse

import gevent
from locust import task
from locust.contrib.fasthttp import FastHttpUser
from pages import CSRF_INPUT, PAGES, SAMPLE_FORM

PAGE = os.environ.get("WG_PAGE", "bare")
METHOD, PATH, ACCOUNT = PAGES[PAGE]
USER_RATE = float(os.environ.get("WG_USER_RATE", "0"))
TIMEOUT = float(os.environ.get("WG_TIMEOUT", "10"))
#: the process's common clock for the users' beats, and the order users start in
EPOCH = time.monotonic()
STARTED = itertools.count()
#: the golden ratio's fraction: user k's beat sits at frac(k × GOLDEN) of the period, which spreads
#: any number of users evenly over it without knowing how many there will be
GOLDEN = 0.6180339887498949


class PhasedPace:
    """``wait_time`` for an evenly paced user: one request every 1/rate s on the user's own beat,
    however long an answer took (a late answer is not made up by a burst: beats already missed are
    skipped)."""

    def __init__(self, rate: float) -> None:
        self.period = 1.0 / rate
        self.phase = (next(STARTED) * GOLDEN % 1.0) * self.period
        self.due = 0.0

    def first(self) -> float:
        """Seconds until the user's first beat."""
        now = time.monotonic()
        beats = max(0, int((now - EPOCH - self.phase) // self.period) + 1)
        self.due = EPOCH + self.phase + beats * self.period
        return max(0.0, self.due - now)

    def __call__(self) -> float:
        now = time.monotonic()
        self.due += self.period
        while self.due < now:
            self.due += self.period
        return self.due - now


class PageUser(FastHttpUser):
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT
    max_retries = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.pace = PhasedPace(USER_RATE) if USER_RATE > 0 else None

    def wait_time(self) -> float:
        return self.pace() if self.pace is not None else 0.0

    def on_start(self) -> None:
        self.headers: dict[str, str] = {}
        self.body = ""
        if ACCOUNT:
            self.headers["Cookie"] = f"sessionid={os.environ['WG_COOKIE_' + ACCOUNT.upper()]}"
        if METHOD == "POST":
            # a browser's visit: the form (and its CSRF cookie) first, then the post
            with self.client.get("/", name="(csrf)", catch_response=True) as r:  # the cookie goes into the jar
                match = CSRF_INPUT.search(r.text or "")
                if not match:
                    r.failure("no CSRF token on the calculator")
                    return
                r.success()
            self.headers["Content-Type"] = "application/x-www-form-urlencoded"
            self.body = urllib.parse.urlencode(SAMPLE_FORM | {"csrfmiddlewaretoken": match.group(1)})
        if self.pace is not None:
            gevent.sleep(self.pace.first())

    @task
    def page(self) -> None:
        with self.client.request(
            METHOD, PATH, name=PAGE, headers=self.headers, data=self.body or None, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif PAGE == "calculator_post" and "符合" not in (r.text or ""):
                r.failure("no result on the calculator")
            elif ACCOUNT and "/accounts/login/" in (r.url or ""):
                r.failure("not signed in")
