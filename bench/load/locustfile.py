"""Locust users for the load benchmark (bench/load/run.py starts them; see bench/README.md, "Load").

One page per run, chosen by ``WG_PAGE``; every user asks for it at an even pace of
``WG_USER_RATE`` requests a second (``constant_throughput``), or as fast as it can when the rate
is 0 (the maximum-throughput step). Signed-in pages use the session cookie the runner made for
their account (``WG_COOKIE_<ACCOUNT>``); the calculator POST first GETs the form for its CSRF token.
"""

from __future__ import annotations

import os
import urllib.parse

from locust import constant, constant_throughput, task
from locust.contrib.fasthttp import FastHttpUser
from pages import CSRF_INPUT, PAGES, SAMPLE_FORM

PAGE = os.environ.get("WG_PAGE", "bare")
METHOD, PATH, ACCOUNT = PAGES[PAGE]
USER_RATE = float(os.environ.get("WG_USER_RATE", "0"))
TIMEOUT = float(os.environ.get("WG_TIMEOUT", "10"))


class PageUser(FastHttpUser):
    wait_time = constant_throughput(USER_RATE) if USER_RATE > 0 else constant(0)
    network_timeout = TIMEOUT
    connection_timeout = TIMEOUT
    max_retries = 0

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
