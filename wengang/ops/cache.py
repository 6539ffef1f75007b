"""The shared cache (``CACHE_URL``): Django's Redis cache, where a Redis that cannot be reached is a
miss, not an error.

Django's ``RedisCache`` raises on a refused or timed-out connection, and the cache is on every
signed-in request's path (sessions are cached there, sign-in throttling and rate limits count
there): a Redis outage would make those pages fail. Here, while Redis cannot be reached, the cache
is this process's own memory (a ``LocMemCache``): sign-in throttling and rate limits go on counting,
per worker process as without ``CACHE_URL`` (they do not fail open), and sessions skip the cache
(:attr:`ResilientRedisCache.down`; ``wengang.accounts.sessions``) and are read from the database.
The outage is logged once. After a failure Redis is not tried again for ``RETRY_SECONDS`` (a server
that drops packets would otherwise cost a connect timeout on every call); when it answers again the
counts continue in Redis. One ``redis.Redis`` client serves every call (Django makes one a call,
which cost more CPU than the call).

A session ended while Redis was unreachable (sign-out) may come back from a copy Redis kept from
before, for at most ``SESSION_CACHE_SECONDS`` after that copy was written.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
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
    """``django.core.cache.backends.redis.RedisCache`` that, while the server cannot be reached, keeps
    its entries in this process's memory instead."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClient
        self._down_until = 0.0
        self._local = LocMemCache(f"wengang-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    @property
    def down(self) -> bool:
        """Redis failed within the last ``RETRY_SECONDS``: the process's own memory answers."""
        return bool(self._down_until) and time.monotonic() < self._down_until

    def _try(self, call: Callable[[], T], local: Callable[[], T]) -> T:
        if self.down:
            return local()
        try:
            result = call()
        except UNREACHABLE as error:
            if not self._down_until:
                logger.warning("cache unreachable, this process's memory answers meanwhile: %s", error)
            self._down_until = time.monotonic() + RETRY_SECONDS
            return local()
        if self._down_until:
            logger.warning("cache reachable again")
            self._down_until = 0.0
        return result

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.add(self, key, value, timeout, version), lambda: self._local.add(key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try(lambda: RedisCache.get(self, key, default, version), lambda: self._local.get(key, default, version))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._try(lambda: RedisCache.set(self, key, value, timeout, version), lambda: self._local.set(key, value, timeout, version))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.touch(self, key, timeout, version), lambda: self._local.touch(key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.delete(self, key, version), lambda: self._local.delete(key, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._try(lambda: RedisCache.get_many(self, keys, version), lambda: self._local.get_many(keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: RedisCache.has_key(self, key, version), lambda: self._local.has_key(key, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._try(lambda: RedisCache.incr(self, key, delta, version), lambda: self._local.incr(key, delta, version))

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._try(lambda: RedisCache.set_many(self, data, timeout, version), lambda: self._local.set_many(data, timeout, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._try(lambda: RedisCache.delete_many(self, keys, version), lambda: self._local.delete_many(keys, version))

    def clear(self) -> None:
        self._try(lambda: RedisCache.clear(self), self._local.clear)
