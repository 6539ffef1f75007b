"""``QueryTimer``: a ``connection.execute_wrapper`` hook counting queries and adding up their wall
time (``bench/page_cost.py``, ``bench/dashboard_bench.py``)."""

from __future__ import annotations

import time
from typing import Any


class QueryTimer:
    """``execute_wrapper`` hook: counts queries and adds up their wall time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
