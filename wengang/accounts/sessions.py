"""Sessions kept in the database and cached in the shared cache (``SESSION_ENGINE`` when ``CACHE_URL``
names one; plain database sessions otherwise).

Django's ``cached_db`` engine: a signed-in request reads its session from Redis (no query); every
change is written to the database first, so signing out deletes the session for good. The one
difference: a cached copy lives at most ``SESSION_CACHE_SECONDS`` (Django keeps it as long as the
session). A copy can outlive its session only when Redis was unreachable as the session ended or
changed (``wengang.ops.cache`` then skips the write or the delete); this bounds how long.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache


class _Capped:
    """The cache as the session store uses it: every entry kept at most ``SESSION_CACHE_SECONDS``, and
    not used at all while the shared cache is down (``wengang.ops.cache``: the process's own memory
    answers then, and a copy kept there would outlive a sign-out made through another worker)."""

    def __init__(self, cache: BaseCache) -> None:
        self.cache = cache

    @property
    def _up(self) -> bool:
        return not getattr(self.cache, "down", False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.cache.get(key, default) if self._up else default

    def set(self, key: str, value: Any, timeout: int) -> None:
        if self._up:
            self.cache.set(key, value, min(timeout, settings.SESSION_CACHE_SECONDS))

    def __contains__(self, key: str) -> bool:
        return self._up and key in self.cache

    def __getattr__(self, name: str) -> Any:  # delete: as it is
        return getattr(self.cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache: Any = _Capped(caches[settings.SESSION_CACHE_ALIAS])
