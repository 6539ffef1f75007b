"""One fixture for every test: an empty cache (the sign-in throttling counts live there)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
