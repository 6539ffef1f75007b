"""Every subsidy type's pages render for its applicant, in Chinese, without inline code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from tests.concurrency import at_once
from wengang.subsidies.models import Application, SubsidyType
from wengang.subsidies.services import apply as svc

from .helpers import assert_no_inline_code, attach_essentials, html, start

H1 = svc.op1_period(dt.date(2019, 7, 1), 6)


@pytest.mark.parametrize("policy", ["OP1", "OP2", "OP3", "OP5", "OP6", "N14"])
def test_the_enterprise_pages_render(owner_client, owner, policy):
    assert owner_client.get(f"/hall/apply/new/{policy}/").status_code == 200
    app = start(owner, policy, H1 if policy == "OP1" else None)
    for url in (f"/hall/apply/{app.pk}/edit/", f"/hall/apply/{app.pk}/"):
        r = owner_client.get(url)
        assert r.status_code == 200, url
        assert_no_inline_code(html(r))


def test_the_agency_pages_render(client, agent):
    SubsidyType.objects.filter(policy="OP4").update(window_start=dt.date(2020, 5, 15))
    client.force_login(agent)
    app = start(agent, "OP4")
    page = html(client.get(f"/hall/apply/{app.pk}/edit/"))
    assert "推荐成功上岗人员名单" in page
    assert "/hall/apply/template/OP4.xlsx" in page
    assert_no_inline_code(page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded subsidy types, whatever ran before
def test_two_simultaneous_submissions_make_one(owner, monkeypatch):
    """Two requests with the same key at the same moment: the row lock lets one through."""
    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite shares one connection between threads; PostgreSQL runs this")
    # committed transactions would deliver notifications; that is the outbox's test, not this one's
    monkeypatch.setattr("wengang.cases.outbox.dispatch", lambda event_id: None)
    app = start(owner)
    attach_essentials(owner, app)
    key = str(app.submission_key)
    outcomes: list[bool] = []

    def click() -> None:
        done = svc.application_submit(
            application=Application.objects.get(pk=app.pk),
            user=owner,
            submission_key=key,
            commitment_accepted=True,
        )
        outcomes.append(done.repeated)

    assert at_once(click, [(), ()]) == []
    assert sorted(outcomes) == [False, True]
    assert app.changes.count() == 1
