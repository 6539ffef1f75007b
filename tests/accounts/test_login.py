"""Signing in at /accounts/login/ and out at /accounts/logout/, and throttling of failures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from wengang.accounts.models import LoginAttempt

from .factories import sign_in

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多"


def page(response) -> str:
    return response.content.decode()


def test_it_shows_the_sign_in_form_in_chinese(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    text = page(r)
    assert "<h1>登录网上服务大厅</h1>" in text
    assert 'autocomplete="current-password"' in text
    assert 'autocomplete="one-time-code"' in text
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


def test_it_locks_a_username_after_five_failures_even_for_the_right_password(client, enterprise_user):
    for _ in range(5):
        assert LOCKED not in page(sign_in(client, "acme", password="wrong"))
    r = sign_in(client, "acme")
    assert r.status_code == 429
    assert LOCKED in page(r) and "15 分钟" in page(r)
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(outcome="throttled").count() == 1


def test_it_locks_an_unknown_username_the_same_way(client):
    for _ in range(5):
        sign_in(client, "ghost", password="wrong")
    assert LOCKED in page(sign_in(client, "ghost", password="wrong"))


def test_it_counts_failures_per_username_case_insensitively(client, enterprise_user):
    for name in ("acme", "ACME", "Acme", "aCme", "acmE"):
        sign_in(client, name, password="wrong")
    assert LOCKED in page(sign_in(client, "acme"))


def test_it_does_not_lock_another_username(client, enterprise_user, reviewer):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    assert sign_in(client, "reviewer").status_code == 302


def test_it_lets_the_user_in_again_after_fifteen_minutes(client, enterprise_user):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    assert LOCKED in page(sign_in(client, "acme"))
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    assert sign_in(client, "acme").status_code == 302


def test_refusals_while_locked_do_not_extend_the_lock(client, enterprise_user):
    for _ in range(5):
        sign_in(client, "acme", password="wrong")
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    # just expired; a refusal recorded now must not count as a failure
    LoginAttempt.objects.create(username="acme", ip="127.0.0.1", outcome="throttled")
    assert sign_in(client, "acme").status_code == 302


def test_four_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, enterprise_user):
    for _ in range(4):
        sign_in(client, "acme", password="wrong")
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, enterprise_user):
    for _ in range(4):
        sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302
    client.logout()
    sign_in(client, "acme", password="wrong")
    assert sign_in(client, "acme").status_code == 302


def test_it_locks_an_address_after_twenty_failures(client, enterprise_user):
    for i in range(20):
        sign_in(client, f"guess{i}", password="wrong")
    r = sign_in(client, "acme")
    assert r.status_code == 429 and LOCKED in page(r)


def test_the_address_lock_does_not_reach_other_addresses(enterprise_user):
    from django.test import Client

    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for i in range(20):
        sign_in(attacker, f"guess{i}", password="wrong")
    assert sign_in(attacker, "acme").status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "acme").status_code == 302


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
