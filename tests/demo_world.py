"""The demo world (``load_demo`` on 2020-06-01), loaded once per test process and copied into the
test database wherever a test needs it.

``load_demo`` costs seconds (every organisation, case, material and lesson through the services);
the crawl, the accessibility and keyboard tests, the workbench tests and the browser walk-throughs
each used to run it for themselves. Here the first test that asks for it runs ``load_demo`` on the
freshly migrated rows (committed, as a browser test's live server sees it), a copy of every model
table is kept beside the test database (PostgreSQL: the schemas ``wg_snapshot_seed`` and
``wg_snapshot_demo``; SQLite: attached in-memory databases), and the migrated rows are put back.
``DemoSnapshot.restore()`` then replaces the rows of every model table with the copy in a few
statements (inside the test's transaction when there is one, so its rollback undoes it), and
``media_copy()`` gives the test its own copy of the uploaded files (hard links).

Use the ``demo_world`` fixture in a test (it also sets the demo date, the media directory and fast
password hashing), or ``demo_snapshot`` in a module-scoped fixture. A test that is about the loader
itself (``tests/demo/``, an app's ``test_demo.py``) still runs ``load_demo``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from wengang.demo.data import DEFAULT_PASSWORD

DEMO_DAY = "2020-06-01"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _model_tables() -> list[tuple[str, list[str], Any]]:
    """(table, its columns Django writes, the model) for every model table in the test database."""
    existing = set(connection.introspection.table_names())
    seen: set[str] = set()
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in seen or meta.db_table not in existing:
            continue
        seen.add(meta.db_table)
        tables.append((meta.db_table, [f.column for f in meta.local_concrete_fields], model))
    return tables


class Snapshot:
    """A copy of every model table's rows, kept in the test database's own server."""

    def __init__(self, name: str) -> None:
        self.schema = f"wg_snapshot_{name}"
        self.tables = _model_tables()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # an in-memory database attached to the test database's one connection (the live
                # server's thread shares it); ATTACH cannot run inside a transaction
                cursor.execute(f"ATTACH DATABASE ':memory:' AS {self.schema}")
            else:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
                cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table, columns, _ in self.tables:
                cols = ", ".join(quote(c) for c in columns)
                cursor.execute(f"CREATE TABLE {self.schema}.{quote(table)} AS SELECT {cols} FROM {quote(table)}")

    def restore(self) -> None:
        """Every model table holds the copy's rows, and only those (sequences follow)."""
        quote = connection.ops.quote_name
        statements = connection.ops.sql_flush(no_style(), [table for table, _, _ in self.tables], allow_cascade=False)
        for table, columns, _ in self.tables:
            cols = ", ".join(quote(c) for c in columns)
            statements.append(f"INSERT INTO {quote(table)} ({cols}) SELECT {cols} FROM {self.schema}.{quote(table)}")
        statements += connection.ops.sequence_reset_sql(no_style(), [model for _, _, model in self.tables])
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        cache.clear()

    def drop(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DETACH DATABASE {self.schema}")
            else:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


class DemoSnapshot:
    """The demo's rows and uploaded files, loaded on ``day``; every account's password is ``password``."""

    day = DEMO_DAY
    password = DEFAULT_PASSWORD

    def __init__(self, rows: Snapshot, media: Path) -> None:
        self.rows = rows
        self.media = media

    def restore(self) -> None:
        self.rows.restore()

    def media_copy(self, into: Path) -> Path:
        """A copy of the demo's uploaded files at ``into`` (hard links: a test that deletes or adds a
        file changes nothing for the next one; stored files are never rewritten in place)."""
        shutil.copytree(self.media, into, copy_function=os.link)
        return into


def _migrated_rows() -> None:
    """Put back the rows the migrations created, where a transactional test (serialized rollback)
    has emptied the tables; without such tests the tables hold them already."""
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        tables = [table for table, _, _ in _model_tables()]
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[DemoSnapshot]:
    """``load_demo`` once per process, on the migrated rows, kept as a snapshot; the database is
    put back as the migrations left it (the seed rows)."""
    media = tmp_path_factory.mktemp("demo-media")
    password = os.environ.pop("DEMO_PASSWORD", None)  # the demo's own password, as the tests sign in with it
    try:
        with django_db_blocker.unblock():
            assert not connection.in_atomic_block, "demo_snapshot: request it before any transaction begins"
            _migrated_rows()
            seed = Snapshot("seed")
            try:
                with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS, WENGANG_TODAY=DEMO_DAY):
                    call_command("load_demo", stdout=StringIO())
                demo = Snapshot("demo")
            finally:
                seed.restore()
                seed.drop()
    finally:
        if password is not None:
            os.environ["DEMO_PASSWORD"] = password
    yield DemoSnapshot(demo, media)
    with django_db_blocker.unblock():
        demo.drop()


@pytest.fixture
def demo_world(demo_snapshot: DemoSnapshot, settings: Any, tmp_path: Path) -> DemoSnapshot:
    """The demo world in this test's database, on the demo date, with its own copy of the uploaded
    files: what ``load_demo`` on 2020-06-01 leaves, without running it again."""
    settings.WENGANG_TODAY = DEMO_DAY
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = demo_snapshot.media_copy(tmp_path / "media")
    demo_snapshot.restore()
    return demo_snapshot
