"""Accessibility of every page every demo role reaches (issue 12), in a real browser.

Each demo account (and a visitor) reaches its pages by the same breadth-first crawl as the plain-Chinese
test (``tests/web/test_crawl.py``); one page per kind is checked (``/hall/apply/12/`` stands for every
application), at 1366 px and at 375 px wide. On each, axe-core (vendored, ``tests/vendor/axe/``) must
find no serious or critical violation, and at 375 px the page must not scroll sideways.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from wengang.accounts.models import User
from wengang.demo.data import USERS

from ..browser import chromium_tab, restore_the_database  # noqa: F401  (a module fixture)
from .test_crawl import PUBLIC, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe" / "axe.min.js"
#: every role: the featured demo accounts and the staff of the 劳动关系科 and the 公共就业服务 (layoffs,
#: permits, key-enterprise service, placements), the firm with OP3 granted, the learner (training), and
#: the individuals of issue 15 (就业援助, the graduate, the borrower)
USERNAMES = [u.username for u in USERS if u.featured] + ["laodong", "gonggong", "gongfu", "qiye4", "xueyuan"]
USERNAMES += ["kunnan", "linghuo", "biyesheng", "daikuan"]
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
SEVERE = ("serious", "critical")
#: pages a role reaches beyond the crawl's page limit, checked too (the monthly extract's upload)
EXTRA = {"shenhe": ["/dashboard/warning/import/"]}
#: the violations of one page, as "rule: target" lines (at most three targets per rule)
RUN_AXE = """async () => {
  // the API docs' Swagger UI is a third-party widget for developers; its page around it is checked
  const result = await axe.run({exclude: [["#swagger-ui"]]}, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""
#: how far the page scrolls sideways, and the first element that sticks out (to say what to fix)
OVERFLOW = """() => {
  const excess = document.documentElement.scrollWidth - window.innerWidth;
  const wide = [...document.body.querySelectorAll("*")].find((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
  const name = wide ? wide.tagName.toLowerCase() + (wide.className ? "." + String(wide.className).split(" ").join(".") : "") : "";
  return [excess, name];
}"""


def kind_of(path: str) -> str:
    """Pages of one kind share a path but for their numbers and query values."""
    bare, _, query = path.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "<n>", bare) + ("?" + "&".join(keys) if keys else "")


@pytest.fixture
def plan(demo_world: Any) -> list[tuple[str, str, str]]:
    """The demo world of 2020-06-01 (``tests/demo_world.py``); then (who, session key, path) for one
    page of each kind, found with the Django client before any browser runs (Playwright's event loop
    forbids database calls in this thread)."""
    pages: list[tuple[str, str, str]] = []
    kinds: set[str] = set()
    for path, response, _, _ in walk(Client(), PUBLIC):
        if response.status_code == 200 and kind_of(path) not in kinds:
            kinds.add(kind_of(path))
            pages.append(("访客", "", path))
    for username in USERNAMES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        extra = [(path, client.get(path), None, None) for path in EXTRA.get(username, [])]
        for path, response, _, _ in [*walk(client, ["/accounts/"]), *extra]:
            kind = f"{username}:/accounts/" if path == "/accounts/" else kind_of(path)
            if response.status_code == 200 and kind not in kinds:
                kinds.add(kind)
                pages.append((username, session, path))
    return pages


def test_every_page_of_every_role_passes_axe_at_both_widths(plan: list[tuple[str, str, str]], live_server: Any) -> None:
    assert len({who for who, _, _ in plan}) == len(USERNAMES) + 1
    failures: list[str] = []
    with chromium_tab(live_server.url, viewport=WIDE) as tab:
        tab.context.add_init_script(path=str(AXE))
        current = None
        for who, session, path in plan:
            if who != current:
                tab.context.clear_cookies()
                if session:
                    tab.context.add_cookies(
                        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
                    )
                current = who
            tab.set_viewport_size(WIDE)
            tab.goto(path)
            failures += [f"{path}（{who}，1366 px）{v}" for v in tab.evaluate(RUN_AXE)]
            tab.set_viewport_size(PHONE)
            excess, element = tab.evaluate(OVERFLOW)
            if excess > 0:
                failures.append(f"{path}（{who}，375 px）横向溢出 {excess} px：{element}")
            failures += [f"{path}（{who}，375 px）{v}" for v in tab.evaluate(RUN_AXE)]
    print(f"{len(plan)} 个页面已检查")
    assert not failures, "\n" + "\n".join(failures)


def test_forms_with_errors_pass_axe_at_both_widths(live_server: Any) -> None:
    """The crawl sees forms as they open; these are the sign-in form and the calculator (its errors
    come by htmx) after a wrong entry."""
    failures: list[str] = []
    with chromium_tab(live_server.url, viewport=WIDE) as tab:
        tab.context.add_init_script(path=str(AXE))
        for viewport in (WIDE, PHONE):
            tab.set_viewport_size(viewport)
            tab.goto("/accounts/login/")
            tab.get_by_label("用户名").fill("nobody")
            tab.get_by_label("密码", exact=True).fill("not-the-password")
            tab.get_by_role("button", name="登录").click()
            tab.locator(".error-summary").wait_for()
            failures += [f"登录出错（{viewport['width']} px）{v}" for v in tab.evaluate(RUN_AXE)]
            tab.goto("/")
            tab.get_by_label("从业人员").fill("很多")
            tab.get_by_role("button", name="计算").click()
            tab.locator(".error-summary").wait_for()
            assert tab.get_by_label("从业人员").get_attribute("aria-invalid") == "true"
            failures += [f"计算器出错（{viewport['width']} px）{v}" for v in tab.evaluate(RUN_AXE)]
    assert not failures, "\n" + "\n".join(failures)
