"""Sessions with a shared cache (``CACHE_URL``): read from the cache, kept in the database, so signing
out ends them for good; with the cache's Redis unreachable, read from the database (no 500)."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from wengang.config.settings import cache_from_url

from .factories import sign_in

pytestmark = pytest.mark.django_db

#: nothing listens there (a reserved port): every connection is refused
CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "wengang.accounts.sessions"


@pytest.fixture
def dead_redis(settings, cached_sessions):
    settings.CACHES = {"default": cache_from_url(CLOSED)}


def test_a_signed_in_page_reads_its_session_from_the_cache(cached_sessions, enterprise_user, django_assert_num_queries):
    client = Client()
    sign_in(client, "acme")
    client.get("/accounts/")
    with django_assert_num_queries(4):  # user with organisation, unread count, to-dos, notices: no session
        assert client.get("/accounts/").status_code == 200


def test_a_cached_copy_lives_at_most_session_cache_seconds(cached_sessions, settings, enterprise_user):
    settings.SESSION_CACHE_SECONDS = 60
    client = Client()
    sign_in(client, "acme")
    key = "django.contrib.sessions.cached_db" + client.cookies["sessionid"].value
    assert cache.get(key)["_auth_user_id"] == str(enterprise_user.pk)
    assert 55 < cache._expire_info[cache.make_key(key)] - time.time() <= 60


def test_signing_out_ends_the_session_in_the_cache_too(cached_sessions, enterprise_user):
    client = Client()
    sign_in(client, "acme")
    stolen = client.cookies["sessionid"].value
    assert client.get("/accounts/").status_code == 200
    client.post("/accounts/logout/")
    thief = Client()
    thief.cookies["sessionid"] = stolen
    r = thief.get("/accounts/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=stolen).exists()


def test_with_redis_unreachable_pages_read_the_session_from_the_database(dead_redis, enterprise_user):
    client = Client()
    r = sign_in(client, "acme")  # the sign-in throttling counts in the process's memory meanwhile
    assert r.status_code == 302 and r["Location"] == "/accounts/"
    r = client.get("/accounts/")
    assert r.status_code == 200 and "我的办事" in r.content.decode()
    assert client.get("/").status_code == 200
    stolen = client.cookies["sessionid"].value
    # no session copy in the stand-in memory (another worker could not see this sign-out end it)
    assert cache.down and cache.get("django.contrib.sessions.cached_db" + stolen) is None
    client.post("/accounts/logout/")
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get("/accounts/").status_code == 302
