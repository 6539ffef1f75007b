"""The job market's personas (tests/personas.py) for the tests that use them, and two fixtures for
every test: fast password hashing, and empty caches (the sign-in throttling counts live in Django's; the
content-type ids the case events point at live in ContentType's, and a transactional test's flush
deletes those rows)."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.personas", "tests.demo_world", "tests.flush"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """MD5 hashing: the tests sign in hundreds of users; what hashing costs is no part of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    ContentType.objects.clear_cache()
    yield
    cache.clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow modules first: those that put the seed rows back when done (``restore_the_database``:
    the browser stories, the migration round trip) take seconds to a minute a test, and ``tests/web/``
    is collected last, so a worker could be left running them alone at the end of ``pytest -n 2``.
    First, the short tests fill in around them. The order within each group is unchanged (and
    pytest-django's order, database tests before transactional ones, holds for the rest)."""
    slow = {item.path for item in items if "restore_the_database" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: item.path not in slow)
