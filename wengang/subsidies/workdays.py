"""Working days: weekends and public holidays off, adjusted working weekends on."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml

CALENDAR = Path(__file__).parent / "holidays.yaml"


@cache
def _calendar() -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    doc = yaml.safe_load(CALENDAR.read_text(encoding="utf-8"))
    off: set[dt.date] = set()
    for start, end in doc["holidays"]:
        day = start
        while day <= end:
            off.add(day)
            day += dt.timedelta(days=1)
    return frozenset(off), frozenset(doc["working_weekends"])


def is_working_day(day: dt.date) -> bool:
    off, on = _calendar()
    if day in on:
        return True
    return day.weekday() < 5 and day not in off


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
