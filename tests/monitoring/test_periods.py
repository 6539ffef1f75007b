"""A date range read from the summary: whole years and months (not for the chart per week), whole
weeks and days that together cover exactly the range's days, each once (``dashboard.segments``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from wengang.monitoring.dashboard import segments
from wengang.subsidies.summary import DAY, MONTH, WEEK, YEAR

FIRST, LAST = dt.date(2019, 12, 1), dt.date(2021, 2, 28)


def covered(start: dt.date | None, end: dt.date | None, months: bool) -> Counter[dt.date]:
    """How often each day of 2019-12 … 2021-02 is counted by the segments' periods."""
    days: Counter[dt.date] = Counter()
    day = FIRST
    while day <= LAST:
        period_starts = {
            DAY: day,
            WEEK: day - dt.timedelta(days=day.weekday()),
            MONTH: day.replace(day=1),
            YEAR: day.replace(month=1, day=1),
        }
        for days_, since, before in segments(start, end, months=months):
            start_of = period_starts[days_]
            if (since is None or start_of >= since) and (before is None or start_of < before):
                days[day] += 1
        day += dt.timedelta(days=1)
    return days


def test_every_day_of_a_range_is_counted_once():
    starts = [dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2020, 1, 31), dt.date(2020, 2, 1), dt.date(2020, 2, 27)]
    starts += [dt.date(2020, 3, 2), None]
    ends = [dt.date(2020, 2, 29), dt.date(2020, 3, 1), dt.date(2020, 3, 3), dt.date(2020, 5, 31), dt.date(2020, 12, 31)]
    ends += [dt.date(2021, 1, 1), None]
    for start, end, months in ((s, e, m) for s in starts for e in ends for m in (True, False)):
        if start and end and start > end:
            continue
        days = covered(start, end, months)
        every = (FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1))
        inside = {d for d in every if (start is None or d >= start) and (end is None or d <= end)}
        assert set(days) == inside and set(days.values()) == {1}, (start, end, months)


def test_a_long_range_reads_months_then_weeks_then_days():
    # 2020-01-30 (Thu) … 2020-04-28 (Tue): February and March; no whole week before February;
    # the weeks of 6, 13 and 20 April; the days left at either end
    assert segments(dt.date(2020, 1, 30), dt.date(2020, 4, 28)) == [
        (MONTH, dt.date(2020, 2, 1), dt.date(2020, 4, 1)),
        (DAY, dt.date(2020, 1, 30), dt.date(2020, 2, 1)),
        (WEEK, dt.date(2020, 4, 6), dt.date(2020, 4, 27)),
        (DAY, dt.date(2020, 4, 1), dt.date(2020, 4, 6)),
        (DAY, dt.date(2020, 4, 27), dt.date(2020, 4, 29)),
    ]
    assert segments(None, None) == [(YEAR, None, None)]


def test_a_range_over_a_new_year_reads_the_whole_year_then_months():
    # 2019-12-30 (Mon) … 2021-01-10 (Sun): 2020; the last two days of 2019 (no whole month or week);
    # the week of 4 January 2021 and the days before it
    assert segments(dt.date(2019, 12, 30), dt.date(2021, 1, 10)) == [
        (YEAR, dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
        (DAY, dt.date(2019, 12, 30), dt.date(2020, 1, 1)),
        (WEEK, dt.date(2021, 1, 4), dt.date(2021, 1, 11)),
        (DAY, dt.date(2021, 1, 1), dt.date(2021, 1, 4)),
    ]
    assert segments(dt.date(2020, 1, 1), None) == [(YEAR, dt.date(2020, 1, 1), None)]
