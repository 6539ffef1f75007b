"""Request rate limits kept in Django's cache: the local-memory cache of one process, or Redis
when ``CACHE_URL`` names one (then every process shares the counts).

A fixed window per (scope, key): the first hit of a window adds a counter that expires with it,
later hits increment it. Cheap, and good enough to stop a flood; a burst across a window's edge
may let up to twice the limit through, which is acceptable here.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds``; a count of 0 turns the limit off."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """``"30/60"``: 30 hits per 60 seconds."""
        count, _, seconds = text.partition("/")
        return cls(int(count), int(seconds or 60))


def _cache_key(scope: str, key: str, limit: Limit, now: float) -> tuple[str, float]:
    window = int(now // limit.seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}", (window + 1) * limit.seconds


def _wait(ends: float, now: float) -> int:
    return max(1, math.ceil(ends - now))


def rate_limit_hit(scope: str, key: str, limit: Limit, *, now: float | None = None) -> int | None:
    """Count one hit. Returns the seconds to wait (for ``Retry-After``) when the hit is over the
    limit, None when it is allowed."""
    if limit.count <= 0:
        return None
    moment = time.time() if now is None else now
    cache_key, ends = _cache_key(scope, key, limit, moment)
    if cache.add(cache_key, 1, timeout=limit.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(cache_key, 1, timeout=limit.seconds + 1)
            count = 1
    return _wait(ends, moment) if count > limit.count else None


def rate_limit_reached(scope: str, key: str, limit: Limit, *, now: float | None = None) -> int | None:
    """Whether earlier hits already used up the window (without counting one). Seconds to wait, or None."""
    if limit.count <= 0:
        return None
    moment = time.time() if now is None else now
    cache_key, ends = _cache_key(scope, key, limit, moment)
    count = cache.get(cache_key, 0)
    return _wait(ends, moment) if count >= limit.count else None
