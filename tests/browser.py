"""What every browser test module shares: Debian's Chromium on the live server, and the seed rows put back.

A module imports ``restore_the_database`` (a module-scoped autouse fixture) and opens its pages with
``chromium_tab``; its own ``page`` fixture stays a few lines, so each module still says what size of
screen it uses."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module", autouse=True)
def restore_the_database(django_db_setup, django_db_blocker):
    """Put the test database's initial rows (the seed migrations' departments, streets and subsidy
    types) back once the module is done: a transactional test ends by emptying every table, and the
    transactional tests of other modules that run later need those rows."""
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@contextmanager
def chromium_tab(base_url: str, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A Chromium tab on ``base_url`` (Chinese locale, 30 s timeouts), its console messages collected in
    ``tab.console``; skips the test where Playwright or Chromium is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        options: dict[str, Any] = {"base_url": base_url, "locale": "zh-CN"}
        if viewport:
            options["viewport"] = viewport
        context = browser.new_context(**options)
        context.set_default_timeout(30_000)
        tab = context.new_page()
        tab.console = []
        tab.on("console", lambda msg: tab.console.append(msg.text))
        yield tab
        context.close()
        browser.close()


def sign_in(page: Any, username: str, password: str = "x-password-1") -> None:
    """Sign in on the login page and wait for 我的办事."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/")


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")
