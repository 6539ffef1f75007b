"""Tokens: created by the organisation's users on the portal, shown once, hashed at rest, scoped
to the organisation and role, revocable; the old job-post URL takes the same tokens."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from wengang.api.models import ApiToken
from wengang.api.services import token_create, token_for_key

from .conftest import api_as, assert_error, key_for

pytestmark = pytest.mark.django_db
PAGE = "/api/tokens/"


def test_a_key_is_shown_once_and_only_its_hash_is_kept(key_owner):
    browser = Client()
    browser.force_login(key_owner)
    response = browser.post(PAGE, {"name": "物美物美仓储系统"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("wg_") and key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:9] and (token.organisation, token.role) == (key_owner.organisation, "enterprise")
    assert key not in browser.get(PAGE).content.decode()  # never again


def test_an_empty_name_re_renders_with_a_chinese_error(key_owner):
    browser = Client()
    browser.force_login(key_owner)
    response = browser.post(PAGE, {"name": "  "})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_the_organisations_users_share_and_revoke_its_keys(key_owner, colleague):
    token, key = token_create(user=key_owner, name="物美仓储系统")
    browser = Client()
    browser.force_login(colleague)
    assert "物美仓储系统" in browser.get(PAGE).content.decode()
    assert browser.post(f"{PAGE}{token.pk}/revoke/").status_code == 302
    assert token_for_key(key) is None
    assert_error(api_as(None).__class__(key).get("/api/v1/applications"), 401, "unauthenticated")


def test_another_organisation_can_neither_see_nor_revoke(key_owner, plain_owner):
    token, key = token_create(user=key_owner, name="物美仓储系统")
    browser = Client()
    browser.force_login(plain_owner)
    assert "物美仓储系统" not in browser.get(PAGE).content.decode()
    assert browser.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert token_for_key(key) is not None


def test_job_seekers_hold_no_keys(seeker):
    browser = Client()
    browser.force_login(seeker)
    assert browser.get(PAGE).status_code == 403


def test_a_key_stops_when_its_user_leaves_the_role_or_organisation(key_owner, plain_firm):
    key = key_for(key_owner)
    assert token_for_key(key) is not None
    key_owner.organisation = plain_firm
    key_owner.save()
    assert token_for_key(key) is None


def test_use_is_recorded(key_owner):
    token, key = token_create(user=key_owner, name="x")
    assert token.last_used_at is None
    token_for_key(key)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_old_job_post_url_takes_the_new_tokens(key_owner):
    from ..jobs.conftest import form_data

    data = form_data()
    data["street"] = "孙河"
    response = api_as(key_owner).post("/jobs/api/posts/", data)
    assert response.status_code == 201 and response.json()["status"] == "published"


def test_the_page_needs_a_sign_in(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_revoking_needs_a_post(key_owner):
    token, _ = token_create(user=key_owner, name="x")
    browser = Client()
    browser.force_login(key_owner)
    assert browser.get(f"{PAGE}{token.pk}/revoke/").status_code == 405
