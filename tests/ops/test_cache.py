"""The shared cache (``CACHE_URL``, ``wengang/ops/cache.py``): a Redis that cannot be reached is a
miss, never an error, and is not tried again at once."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from wengang import ratelimit
from wengang.config.settings import cache_from_url
from wengang.ops import cache as shared_cache

#: nothing listens there (a reserved port): every connection is refused
CLOSED = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead(settings):
    settings.CACHES = {"default": cache_from_url(CLOSED)}
    return caches["default"]


def test_cache_url_names_the_resilient_redis_cache_with_short_timeouts() -> None:
    assert cache_from_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "wengang.ops.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_an_unreachable_redis_is_replaced_by_the_process_memory_not_an_error(dead) -> None:
    assert dead.get("k") is None and dead.get("k", 7) == 7
    assert dead.down
    dead.set("k", 1)
    assert dead.get("k") == 1 and "k" in dead
    assert dead.add("k", 2) is False and dead.add("j", 2) is True
    assert dead.incr("k") == 2
    assert dead.delete("k") is True and dead.get("k") is None
    with pytest.raises(ValueError):
        dead.incr("k")
    assert dead.set_many({"a": 1, "b": 2}) == []
    assert dead.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert dead.touch("a") is True
    dead.delete_many(["a"])
    assert dead.has_key("a") is False and dead.has_key("b") is True
    dead.clear()
    assert dead.get("b") is None
    assert dead.get_or_set("k", 3) == 3


def test_rate_limits_and_sign_in_throttling_go_on_counting_while_redis_is_unreachable(dead) -> None:
    limit = ratelimit.Limit(1, 60)
    hits = [ratelimit.rate_limit_hit("t", "a", limit) for _ in range(3)]
    assert hits[0] is None and hits[1] is not None and hits[2] is not None  # not failing open


def test_after_a_failure_redis_is_not_tried_for_a_few_seconds(dead, monkeypatch) -> None:
    assert dead.get("k") is None
    tries = []
    monkeypatch.setattr(RedisCache, "get", lambda *args: tries.append(args))
    assert dead.get("k") is None and tries == []
    monkeypatch.setattr(dead, "_down_until", time.monotonic() - 1)
    dead.get("k")
    assert len(tries) == 1  # tried again, and answered (the stand-in): reachable again
    assert dead._down_until == 0.0
    assert shared_cache.RETRY_SECONDS == 5.0


def test_one_redis_client_serves_every_call(dead) -> None:
    # Django's client makes a new redis.Redis (~170 reply handlers set up) for every call
    client = dead._cache.get_client()
    assert dead._cache.get_client(write=True) is client
