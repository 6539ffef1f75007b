"""Starting a claim: the registry's pre-check, the period, one claim per organisation and period."""

from __future__ import annotations

from tests.asserts import assert_shows
from wengang.subsidies.models import Application, Status

from .helpers import assert_no_inline_code, html, start, submit


def test_it_shows_the_precheck_with_the_exact_amount(owner_client):
    r = owner_client.get("/hall/apply/new/OP3/")
    assert r.status_code == 200
    page = html(r)
    assert "预审结果" in page
    assert "15,000.00 元" in page
    assert "[OP3.1(1)]" in page  # each condition with its clause id
    assert_shows(page, "2020年1–4月月均缴纳失业保险 48 人，不少于2019年月均 40 人（增长 20.00%）", "2020-05-01 至 2020-07-31", "申请期内")
    assert_no_inline_code(page)


def test_it_shows_how_to_meet_an_unmet_condition(owner_client, acme):
    acme.facts["state_owned"] = "true"
    acme.save()
    page = html(owner_client.get("/hall/apply/new/OP3/"))
    assert_shows(page, "不符合", "如何满足：本项补贴只面向非国有企业", "[OP3.1(3)]")


def test_it_starts_a_draft_prefilled_from_the_registry(owner_client, acme):
    r = owner_client.post("/hall/apply/new/OP3/")
    app = Application.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/hall/apply/{app.pk}/edit/"
    assert app.status == Status.DRAFT
    assert (app.period_start.isoformat(), app.period_end.isoformat()) == ("2020-02-01", "2020-04-30")
    assert app.facts["ui_payers_2019_avg"] == "40"
    assert app.facts["employer_contrib_2020_04"] == "10000.00"
    assert app.reference.startswith("OP3-20200601-")


def test_it_resumes_the_draft_on_a_second_start(owner_client):
    owner_client.post("/hall/apply/new/OP3/")
    r = owner_client.post("/hall/apply/new/OP3/")
    app = Application.objects.get()
    assert r["Location"] == f"/hall/apply/{app.pk}/edit/"


def test_it_refuses_a_second_claim_for_the_same_period(owner_client, owner):
    app = start(owner)
    submit(owner, app)
    r = owner_client.post("/hall/apply/new/OP3/")
    assert r.status_code == 200
    assert "本单位已提交过该期间的申请" in html(r)
    assert Application.objects.count() == 1


def test_it_allows_a_new_claim_after_withdrawal(owner_client, owner):
    from wengang.subsidies.services.apply import application_withdraw

    app = start(owner)
    submit(owner, app)
    application_withdraw(application=app, user=owner)
    r = owner_client.post("/hall/apply/new/OP3/")
    assert r.status_code == 302
    assert Application.objects.exclude(status=Status.WITHDRAWN).count() == 1


def test_op1_asks_for_a_half_year_or_year(owner_client):
    page = html(owner_client.get("/hall/apply/new/OP1/"))
    assert "补贴期间起始月份" in page
    r = owner_client.post("/hall/apply/new/OP1/", {"start_month": "2019-07", "months": "6"})
    app = Application.objects.get()
    assert r.status_code == 302
    assert (app.period_start.isoformat(), app.period_end.isoformat()) == ("2019-07-01", "2019-12-31")


def test_op1_refuses_a_malformed_month(owner_client):
    r = owner_client.post("/hall/apply/new/OP1/", {"start_month": "七月", "months": "6"})
    assert r.status_code == 200
    assert "请按“2020-01”的格式填写年月" in html(r)
    assert not Application.objects.exists()
