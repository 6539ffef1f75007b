"""Writers racing in the tests: threads released together, each on its own database connection.

SQLite tests run on a shared-cache in-memory database, which reports "database table is locked" at
once where a file database or PostgreSQL would wait for the other writer; nothing has been written
when that happens, so :func:`waiting_for_locks` tries again, as a busy timeout would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")


def waiting_for_locks(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call(*args, **kwargs)``, tried again while another connection holds SQLite's write lock."""
    for _ in range(500):
        try:
            return call(*args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the write lock was never released")


def at_once(work: Callable[..., Any], calls: Sequence[tuple[Any, ...]], timeout: float = 60) -> list[BaseException]:
    """Run ``work(*args)`` for every ``args`` of ``calls``, each on its own thread and connection, all
    released together; the exceptions ``work`` let through (it catches those the test expects)."""
    start = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(*args: Any) -> None:
        try:
            start.wait(timeout=timeout / 2)
            work(*args)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return errors
