"""The shared cache (``CACHE_URL``): Django's Redis cache, where a Redis that cannot be reached is a
miss, not an error.

Django's ``RedisCache`` raises on a refused or timed-out connection, and the cache is on every
signed-in request's path (sessions are cached there, sign-in throttling and rate limits count
there): a Redis outage would make those pages fail. Here an unreachable Redis reads as empty and
writes as nothing (``add`` and ``delete`` say they did not happen, ``incr`` that the key is missing),
so sessions fall back to the database and the counters start afresh; the outage is logged once.
After a failure the cache is not tried again for ``RETRY_SECONDS`` (a server that drops packets
would otherwise cost a connect timeout on every call). One ``redis.Redis`` client serves every call
(Django makes one a call, which cost more CPU than the call).

While Redis is unreachable, rate limits and sign-in throttling do not count (they fail open, as with
a fresh Redis), and a session ended then (sign-out) may come back from a copy Redis kept, for at most
``SESSION_CACHE_SECONDS`` after that copy was written (``wengang.accounts.sessions``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("wengang.ops")

#: after a failure, the cache answers as empty without trying Redis for this many seconds
RETRY_SECONDS = 5.0
#: what an unreachable Redis raises
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

T = TypeVar("T")


class _KeptClient(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every call, setting up its ~170 reply handlers
    each time (~0.1 ms of CPU, more than the call itself); one per connection pool serves them all
    (a ``redis.Redis`` is safe to share between threads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's, not in the stubs
        client = self._clients.get(id(pool))  # Django keeps its pools for good: the id stays theirs
        if client is None:
            client = self._clients[id(pool)] = redis.Redis(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that treats an unreachable server as empty."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClient
        self._down_until = 0.0

    def _try(self, call: Callable[[], T], fallback: T) -> T:
        if self._down_until and time.monotonic() < self._down_until:
            return fallback
        try:
            result = call()
        except UNREACHABLE as error:
            if not self._down_until:
                logger.warning("cache unreachable, answering as empty: %s", error)
            self._down_until = time.monotonic() + RETRY_SECONDS
            return fallback
        if self._down_until:
            logger.warning("cache reachable again")
            self._down_until = 0.0
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.add(self, key, value, timeout, version), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try(lambda: RedisCache.get(self, key, default, version), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._try(lambda: RedisCache.set(self, key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.touch(self, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.delete(self, key, version), False)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._try(lambda: RedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.has_key(self, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        result: int | None = self._try(lambda: RedisCache.incr(self, key, delta, version), None)
        if result is None:  # as for a missing key: the caller starts a new count
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._try(lambda: RedisCache.set_many(self, data, timeout, version), list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._try(lambda: RedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        self._try(lambda: RedisCache.clear(self), None)
