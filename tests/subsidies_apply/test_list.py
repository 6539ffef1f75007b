"""My applications: the organisation's claims and the subsidies it may apply for, with windows."""

from __future__ import annotations

import datetime as dt

from tests.asserts import assert_shows
from wengang.subsidies.models import SubsidyType

from .helpers import assert_no_inline_code, html, start, submit


def offer_row(page: str, policy: str) -> str:
    start = page.index(f'<span class="clause">{policy}</span>')
    return page[start : page.index("</tr>", start)]


def test_it_lists_the_enterprise_subsidies_with_their_windows(owner_client):
    page = html(owner_client.get("/hall/apply/"))
    assert "2020-05-01 至 2020-07-31" in offer_row(page, "OP3")
    assert "申请期内" in offer_row(page, "OP3")
    assert "2020-04-01 至 2020-07-31" in offer_row(page, "OP2")
    assert "随时申请" in offer_row(page, "OP5")
    assert "2020年2月至4月" in offer_row(page, "OP3")
    assert "OP4" not in page  # for HR agencies only
    assert_no_inline_code(page)


def test_a_window_that_ended_is_shown_as_ended(owner_client, settings):
    settings.WENGANG_TODAY = "2020-08-01"
    page = html(owner_client.get("/hall/apply/"))
    assert "申请期已结束" in offer_row(page, "OP3")


def test_op4_opens_only_when_an_administrator_sets_the_start(client, agent):
    client.force_login(agent)
    page = html(client.get("/hall/apply/"))
    assert "尚未开放" in offer_row(page, "OP4")
    SubsidyType.objects.filter(policy="OP4").update(window_start=dt.date(2020, 5, 15))
    page = html(client.get("/hall/apply/"))
    row = offer_row(page, "OP4")
    assert_shows(row, "2020-05-15 起", "申请期内", "疫情防控期间（2020-01-24 至 2020-05-14）")


def test_it_lists_the_organisations_applications_with_amounts_and_deadlines(owner_client, owner, rival, outsider):
    draft = start(owner, "OP2")
    app = start(owner)
    submit(owner, app)
    theirs = start(outsider)
    page = html(owner_client.get("/hall/apply/"))
    assert app.reference in page
    assert "预审 15,000.00 元" in page
    assert draft.reference in page
    assert "申请截止：2020-07-31" in page
    assert theirs.reference not in page
