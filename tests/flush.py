"""Emptying the test database after a transactional test: DELETE instead of TRUNCATE on PostgreSQL.

Django's ``flush`` (the end of every ``django_db(transaction=True)`` test) truncates every table in
one ``TRUNCATE``; PostgreSQL gives each of the ~90 tables, their indexes and TOAST tables new files
and removes the old ones at commit: seconds of wall time per test (4.6–5.9 s measured at load 14,
against 0.01–0.24 s for DELETE; the test tables hold a few hundred rows). The tables end up empty
either way. The audit rows' append-only trigger lets a DELETE through only under
``wengang.audit_maintenance`` (set here for the flush's own transaction, as a reverse migration
does); a flush that resets sequences or cascades to tables not listed keeps Django's TRUNCATE.
SQLite already deletes row by row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections


def _deleting(original: Any) -> Any:
    def sql_flush(self: Any, style: Any, tables: list[str], *, reset_sequences: bool = False, allow_cascade: bool = False) -> list[str]:
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        # foreign keys are DEFERRABLE INITIALLY DEFERRED: the order of the deletes does not matter
        head = ["SET CONSTRAINTS ALL DEFERRED", "SET LOCAL wengang.audit_maintenance = 'on'"]
        return head + [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]

    sql_flush.deletes = True  # type: ignore[attr-defined]
    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete() -> Iterator[None]:
    patched = []
    for connection in connections.all(initialized_only=False):
        operations = type(connection.ops)
        if connection.vendor == "postgresql" and not getattr(operations.sql_flush, "deletes", False):
            patched.append((operations, operations.sql_flush))
            operations.sql_flush = _deleting(operations.sql_flush)
    yield
    for operations, original in patched:
        operations.sql_flush = original
