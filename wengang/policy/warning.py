"""The warning level of one month (N18 a firm's, N19 a street's) from the three level policies of
``rules/monitoring.py``: the highest level met; 待定 when none is met and one could not be judged.

    >>> warning_level("firm_month", {"insured_start": 100, "lost": 30}, on=dt.date(2020, 4, 1)).level
    'red'

The classification is the engine's; the service computes the figures (in SQL) and stores alerts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from .explain import PolicyResult, explain
from .params import resolve
from .rules.monitoring import LEVELS

Level = Literal["red", "orange", "yellow", "none", "unknown"]
LEVEL_ZH: dict[str, str] = {"red": "红色预警", "orange": "橙色预警", "yellow": "黄色预警", "none": "未达预警线", "unknown": "待定"}
KINDS = ("firm_month", "street_month")


@dataclass(frozen=True)
class Warning:
    """One month's level with the reasons (Chinese, with clause ids) and whether it reads an
    unconfirmed threshold (待核实)."""

    level: Level
    reasons: list[str] = field(default_factory=list)
    provisional: bool = False
    #: a higher level could not be judged (some facts unknown): the level may be higher
    may_be_higher: bool = False

    @property
    def label(self) -> str:
        return LEVEL_ZH[self.level]

    @property
    def raised(self) -> bool:
        return self.level in ("red", "orange", "yellow")


def warning_level(kind: str, facts: Mapping[str, Any], *, on: dt.date) -> Warning:
    """The level of one firm's (``firm_month``) or one street's (``street_month``) month, with
    the parameters in force on ``on`` (the month's first day). Facts: ``insured_start`` and ``lost``;
    a fact that is missing (``None``) is unknown — a month without data is 待定, never zero."""
    if kind not in KINDS:
        raise ValueError(f"未知的监测类型 {kind!r}")
    result = explain({"kind": kind, **facts}, on)
    by_level = {r.policy.split(".")[1]: r for r in result.results}
    provisional = any(r.provisional for r in result.results)
    higher_unknown = False
    for level, _name in LEVELS:
        r = by_level[level]
        if r.status == "eligible":
            return Warning(level, _reasons(r), provisional, may_be_higher=higher_unknown)  # type: ignore[arg-type]
        if r.status == "unknown":
            higher_unknown = True
    if higher_unknown:
        first = next(r for r in result.results if r.status == "unknown")
        return Warning("unknown", _reasons(first), provisional)
    return Warning("none", _reasons(by_level["yellow"]), provisional)


def _reasons(r: PolicyResult) -> list[str]:
    return [f"{c.text}（{c.clause}）" for c in r.conditions]


@cache
def _threshold(name: str, on: dt.date) -> Any:
    return resolve([name], on).values[name]


def intensive_headcount(on: dt.date) -> int:
    """用工密集企业: firms with at least this many insured people at the start of the month (N18)."""
    return int(_threshold("monitoring_intensive_headcount", on))


def ack_workdays(on: dt.date) -> int:
    """Working days a street or department has to acknowledge an alert before it is escalated (S4)."""
    return int(_threshold("monitoring_ack_workdays", on))
