"""Races for concurrency tests: several writers released at the same moment, each on its own
database connection, and SQLite's "locked" answered the way a file database's busy timeout would."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")


def waiting_for_locks(write: Callable[[], T]) -> T:
    """``write()``, tried again while another connection holds SQLite's write lock.

    A file database waits by itself (the busy timeout in settings); the shared-cache in-memory
    database SQLite tests run on reports "database table is locked" at once instead. Nothing
    has been written when that happens, so trying again is what the busy timeout would do.
    """
    for _ in range(500):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the write lock was never released")


def at_once(work: Callable[..., object], calls: Iterable[Iterable[Any]], *, timeout: float = 60) -> list[BaseException]:
    """``work(*args)`` for each ``args`` of ``calls``, each in its own thread and released together;
    what they raised (``work`` catches the refusals it expects)."""
    arguments = [tuple(args) for args in calls]
    start = threading.Barrier(len(arguments))
    errors: list[BaseException] = []

    def run(*args: Any) -> None:
        try:
            start.wait(timeout=timeout)
            work(*args)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection and transaction

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout * 2)
    return errors
