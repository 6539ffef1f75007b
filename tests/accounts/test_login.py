"""Signing in at /accounts/login/ and out at /accounts/logout/, and throttling of failures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.asserts import assert_shows
from wengang.accounts import services
from wengang.accounts.models import LoginAttempt

from .factories import sign_in

pytestmark = pytest.mark.django_db

WAIT = "登录尝试过于频繁"


def page(response) -> str:
    return response.content.decode()


def test_it_shows_the_sign_in_form_in_chinese(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    text = page(r)
    assert_shows(text, "<h1>登录网上服务大厅</h1>", 'autocomplete="current-password"', 'autocomplete="one-time-code"')
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\sstyle=", text)


def test_it_signs_in_and_goes_to_the_portal(client, enterprise_user):
    r = sign_in(client, "acme")
    assert r.status_code == 302
    assert r["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(enterprise_user.pk)
    attempt = LoginAttempt.objects.get()
    assert attempt.succeeded and attempt.outcome == "ok" and attempt.ip == "127.0.0.1"


def test_it_rotates_the_session_key_on_sign_in(client, enterprise_user):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "acme")
    assert client.session.session_key != before


def test_it_follows_a_local_next_only(client, enterprise_user):
    r = sign_in(client, "acme", next="/parameters/")
    assert r["Location"] == "/parameters/"
    client.logout()
    r = sign_in(client, "acme", next="https://evil.example/")
    assert r["Location"] == "/accounts/"


def test_it_refuses_a_wrong_password_without_saying_whether_the_user_exists(client, enterprise_user):
    wrong = sign_in(client, "acme", password="nope")
    missing = sign_in(client, "nobody", password="nope")
    for r in (wrong, missing):
        assert r.status_code == 200
        assert "用户名或密码不正确。" in page(r)
        assert 'role="alert"' in page(r)
        assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(succeeded=False, outcome="bad_password").count() == 2


def test_it_keeps_the_username_but_not_the_password(client, enterprise_user):
    r = sign_in(client, "acme", password="secret-typo")
    assert 'value="acme"' in page(r)
    assert "secret-typo" not in page(r)


def test_it_refuses_an_inactive_user(client, enterprise_user):
    enterprise_user.is_active = False
    enterprise_user.save()
    r = sign_in(client, "acme")
    assert "用户名或密码不正确。" in page(r)


def test_it_asks_for_all_fields(client):
    r = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "请输入用户名。" in page(r) and "请输入密码。" in page(r)
    assert 'aria-describedby="id_username_error"' in page(r)
    assert LoginAttempt.objects.count() == 0


# ---- throttling (issue 8, finding 10) --------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        now = 1_600_000_000.0

        def advance(self, seconds: float) -> None:
            self.now += seconds

    c = Clock()
    monkeypatch.setattr(services, "_now", lambda: c.now)
    return c


def at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_four_failures_cost_nothing_the_fifth_means_a_thirty_second_wait(client, enterprise_user, clock):
    for _ in range(4):
        assert sign_in(client, "acme", password="wrong").status_code == 200
    assert sign_in(client, "acme").status_code == 302
    client.logout()
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    r = sign_in(client, "acme")
    assert r.status_code == 429
    assert WAIT in page(r) and "30 秒后再试" in page(r)
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(outcome="throttled").count() == 1
    clock.advance(31)
    assert sign_in(client, "acme").status_code == 302


def test_the_wait_doubles_with_each_failure_up_to_fifteen_minutes(client, enterprise_user, clock):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    waits = []
    for _ in range(7):
        clock.advance(services.ACCOUNT_FROM_ADDRESS.cap + 1)
        sign_in(client, "acme", password="wrong")
        waits.append(services.login_wait(username="acme", ip="127.0.0.1"))
    # 6th failure → 60 s, 7th → 2 min, … capped at 15 minutes
    assert waits == [60.0, 120.0, 240.0, 480.0, 900.0, 900.0, 900.0]
    assert "15 分钟后再试" in page(sign_in(client, "acme"))


def test_an_unknown_username_is_treated_the_same_way(client, clock):
    for _ in range(5):
        sign_in(client, "ghost", password="wrong")
    assert WAIT in page(sign_in(client, "ghost", password="wrong"))


def test_it_counts_failures_per_username_case_insensitively(client, enterprise_user, clock):
    for name in ("acme", "ACME", "Acme", "aCme", "acmE"):
        sign_in(client, name, password="wrong")
    assert WAIT in page(sign_in(client, "acme"))


def test_it_does_not_slow_another_username(client, enterprise_user, reviewer, clock):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    assert sign_in(client, "reviewer").status_code == 302


def test_refusals_while_waiting_do_not_extend_the_wait(client, enterprise_user, clock):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    for _ in range(10):
        clock.advance(2)
        assert sign_in(client, "acme", password="wrong").status_code == 429
    clock.advance(11)
    assert sign_in(client, "acme").status_code == 302


def test_failures_are_forgotten_after_fifteen_minutes(client, enterprise_user, clock):
    for _ in range(4):
        sign_in(client, "acme", password="wrong")
    clock.advance(16 * 60)
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, enterprise_user, clock):
    for _ in range(4):
        sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302
    client.logout()
    sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302


def test_an_address_waits_after_ten_failures_whatever_the_names(client, enterprise_user, clock):
    for _ in range(3):
        for name in ("guess1", "guess2", "guess3", "guess4"):
            sign_in(client, name, password="wrong")
    # the 11th failure brought a 30-second wait; the 12th try was refused uncounted
    assert list(LoginAttempt.objects.values_list("outcome", flat=True)).count("bad_password") == 11
    r = sign_in(client, "acme")
    assert r.status_code == 429 and "30 秒后再试" in page(r)


def test_the_address_wait_does_not_reach_other_addresses(enterprise_user, clock):
    attacker = at("10.0.0.1")
    for _ in range(3):
        for name in ("guess1", "guess2", "guess3", "guess4"):
            sign_in(attacker, name, password="wrong")
    assert sign_in(attacker, "acme").status_code == 429
    assert sign_in(at("10.0.0.2"), "acme").status_code == 302


def test_failures_from_another_address_never_keep_the_owner_out(enterprise_user, clock):
    # issue 8 (10): five wrong passwords from anywhere locked the owner out everywhere for 15 minutes
    attacker = at("10.0.0.1")
    for _ in range(5):
        sign_in(attacker, "acme", password="wrong")
    assert sign_in(attacker, "acme", password="wrong").status_code == 429
    assert sign_in(at("10.0.0.2"), "acme").status_code == 302


def test_guessing_one_account_from_many_addresses_only_slows_new_addresses_briefly(enterprise_user, clock):
    assert sign_in(at("10.0.0.9"), "acme").status_code == 302  # the owner's usual address
    for i in range(12):
        for _ in range(4):
            sign_in(at(f"10.1.0.{i}"), "acme", password="wrong")
            clock.advance(1)
    # 48 failures for one account: from a new address a wait of at most 30 seconds …
    wait = services.login_wait(username="acme", ip="10.2.0.1")
    assert 0 < wait <= services.ACCOUNT.cap
    r = sign_in(at("10.2.0.1"), "acme")
    assert r.status_code == 429 and "秒后再试" in page(r)
    clock.advance(services.ACCOUNT.cap)
    assert sign_in(at("10.2.0.1"), "acme").status_code == 302
    # … and none from the owner's usual address
    for i in range(12):
        sign_in(at(f"10.3.0.{i}"), "acme", password="wrong")
    assert sign_in(at("10.0.0.9"), "acme").status_code == 302


def test_password_spraying_is_recorded_and_the_address_refused(enterprise_user, clock):
    # issue 8 (10): 57 tries over 19 names from 3 addresses locked nothing
    addresses = ["10.9.0.1", "10.9.0.2", "10.9.0.3"]
    clients = {a: at(a) for a in addresses}
    for i in range(57):
        sign_in(clients[addresses[i % 3]], f"staff{i % 19}", password="Spring2020!")
        clock.advance(5)
    assert LoginAttempt.objects.filter(outcome="spraying").count() == 3
    assert set(LoginAttempt.objects.filter(outcome="spraying").values_list("ip", flat=True)) == set(addresses)
    # each address had its password checked for five names, no more
    assert LoginAttempt.objects.filter(outcome="bad_password").count() == 15
    r = sign_in(clients["10.9.0.1"], "acme")  # even the right password, from a spraying address
    assert r.status_code == 429 and "尝试了多个不同账号" in page(r)
    assert sign_in(at("10.9.0.4"), "acme").status_code == 302


def test_sign_out_is_a_post(client, enterprise_user):
    client.force_login(enterprise_user)
    r = client.get("/accounts/logout/")
    assert r.status_code == 200 and "退出登录" in page(r)
    assert "_auth_user_id" in client.session
    r = client.post("/accounts/logout/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert "您已安全退出。" in page(client.get("/accounts/login/"))


def test_the_admin_site_signs_in_through_our_form(client, administrator, reviewer):
    r = client.get("/admin/login/?next=/admin/registry/organisation/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/?next=")
    r = client.get("/admin/")
    assert r["Location"].startswith("/admin/login/")
    client.force_login(reviewer)  # signed in, but not staff
    assert client.get("/admin/login/").status_code == 403
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
