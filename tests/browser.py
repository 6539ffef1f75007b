"""What every browser test module shares: Debian's Chromium on the live server, and the seed rows put back.

A module imports ``restore_the_database`` (a module-scoped autouse fixture) and opens its pages with
``chromium_tab``; its ``page`` fixture is one line, ``page = tab_fixture(PHONE)``, so each module still
says what size of screen it uses. ``sign_in`` and ``sign_out`` go through the login page as a person
would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connections

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


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
def chromium_tab(base_url: str, viewport: dict[str, int] | None = None, *, javascript: bool = True) -> Iterator[Any]:
    """A Chromium tab on ``base_url`` (Chinese locale, 30 s timeouts), its console messages collected in
    ``tab.console``; skips the test where Playwright or Chromium is missing. ``javascript=False`` shows
    what a browser without scripts gets (progressive enhancement)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        options: dict[str, Any] = {"base_url": base_url, "locale": "zh-CN", "java_script_enabled": javascript}
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


def tab_fixture(viewport: dict[str, int] | None = None) -> Any:
    """A module's ``page`` fixture: a Chromium tab of ``viewport``'s size (Playwright's default without
    one) on the live server, closed after the test."""

    @pytest.fixture
    def page(live_server: Any) -> Iterator[Any]:
        with chromium_tab(live_server.url, viewport) as tab:
            yield tab

    return page


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in on the login page and wait for 我的办事."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/")


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


def verify_document(page: Any, number: str, code: str) -> str:
    """Type a document's 文号 and 核验码 into the public page (/documents/verify/); its answer's text."""
    page.goto("/documents/verify/")
    page.get_by_label("文号").fill(number)
    page.get_by_label("核验码").fill(code)
    page.get_by_role("button", name="核验").click()
    return page.locator("section.card").inner_text()
