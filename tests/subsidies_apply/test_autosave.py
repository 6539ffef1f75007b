"""Drafts save themselves as the applicant types (htmx), and can be resumed later."""

from __future__ import annotations

import pytest

from wengang.subsidies.models import Status

from .helpers import html, start, submit


@pytest.fixture
def draft(owner):
    return start(owner)


def autosave(client, app, **values):
    return client.post(f"/hall/apply/{app.pk}/autosave/", values, headers={"HX-Request": "true"})


def test_it_saves_the_draft_and_says_when(owner_client, draft):
    r = autosave(owner_client, draft, **{**draft.facts, "employer_contrib_2020_02": "12000.00"})
    assert r.status_code == 200
    page = html(r)
    assert "已自动保存 " in page
    assert "<html" not in page  # a fragment, not a page
    draft.refresh_from_db()
    assert draft.facts["employer_contrib_2020_02"] == "12000.00"
    # the pre-check is refreshed out of band: 50 % × 32,000.00
    assert 'id="precheck" aria-labelledby="precheck-title" hx-swap-oob="true"' in page
    assert "16,000.00 元" in page


def test_it_keeps_the_good_values_and_names_the_bad_one(owner_client, draft):
    r = autosave(owner_client, draft, **{**draft.facts, "employer_contrib_2020_02": "1,000", "employees": "60"})
    page = html(r)
    assert "以下内容有误，未保存：2020年2月单位缴费额：" in page
    draft.refresh_from_db()
    assert draft.facts["employees"] == "60"
    assert draft.facts["employer_contrib_2020_02"] == "10000.00"


def test_a_draft_is_resumed_with_what_was_saved(owner_client, draft):
    autosave(owner_client, draft, **{**draft.facts, "ui_payers_2020_04": "50"})
    page = html(owner_client.get("/hall/apply/"))
    assert f"/hall/apply/{draft.pk}/edit/" in page
    page = html(owner_client.get(f"/hall/apply/{draft.pk}/edit/"))
    assert 'name="ui_payers_2020_04" value="50"' in page
    assert "登记数据：48" in page  # the change from the registry is pointed out


def test_the_save_button_works_without_javascript(owner_client, draft):
    r = owner_client.post(f"/hall/apply/{draft.pk}/edit/", {**draft.facts, "employees": "55", "action": "save"})
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.facts["employees"] == "55"


def test_autosave_after_submission_changes_nothing(owner_client, owner, draft):
    submit(owner, draft)
    r = autosave(owner_client, draft, **{**draft.facts, "employees": "99"})
    assert "修改未保存" in html(r)
    draft.refresh_from_db()
    assert draft.facts["employees"] == "50"
    assert draft.status == Status.SUBMITTED
