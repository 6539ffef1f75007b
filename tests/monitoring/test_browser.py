"""The dashboard in a real browser: ECharts draws every chart from the page's JSON under the strict
Content-Security-Policy (no inline script), next to its data table."""

from __future__ import annotations

import pytest
from django.test import Client

from ..browser import restore_the_database, tab_fixture  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


page = tab_fixture({"width": 1280, "height": 900})


@pytest.fixture
def session(district, reviewer) -> str:
    """A reviewer's session (made before the browser's event loop runs)."""
    client = Client()
    client.force_login(reviewer)
    return client.cookies["sessionid"].value


def test_every_chart_is_drawn_without_a_policy_violation(session, page, live_server):
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    page.goto("/dashboard/")
    page.wait_for_selector(".chart-canvas canvas")
    drawn = page.locator(".chart-canvas canvas").count()
    tables = page.locator("table.summary").count()
    empty = page.get_by_text("所选范围内没有数据。").count()
    # the six application charts have data; the job market, layoffs and deferral have none here
    assert (drawn, tables, empty) == (6, 6, 3)
    assert page.get_by_role("link", name="望京街道").first.get_attribute("href").startswith("/dashboard/list/")
    assert [m for m in page.console if "Content Security Policy" in m] == []
