"""One fixture for every test: empty caches (the sign-in throttling counts live in Django's; the
content-type ids the case events point at live in ContentType's, and a transactional test's flush
deletes those rows)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    ContentType.objects.clear_cache()
    yield
    cache.clear()
