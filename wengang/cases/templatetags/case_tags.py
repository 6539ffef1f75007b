"""Case pages: the step tracker (``{% case_steps case %}``), and the one set of number and date
formats every page uses — money, percentages, counts and dates as the brief writes them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from wengang.cases.steps import tracker
from wengang.cases.workflow import workflow_for

register = template.Library()


@register.inclusion_tag("cases/_steps.html")
def case_steps(case: Any) -> dict[str, Any]:
    """The case's step tracker, from its workflow's declared steps and its events."""
    return {"tracker": tracker(workflow_for(type(case)), case)}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value: Any) -> str:
    """¥12,345.00 — two decimals, thousands separators; "" for no value."""
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    return f"{sign}¥{abs(number).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


@register.filter
def percent(value: Any) -> str:
    """A ratio as a percentage with two decimals: 0.011764 → "1.17%".

    Cut, not rounded, to two decimals: a figure shown next to a threshold never appears to reach
    one it misses (19.996% is "19.99%", not "20.00%", beside a 20% tier)."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{(number * 100).quantize(Decimal('0.01'), rounding=ROUND_DOWN)}%"


@register.filter
def count(value: Any, unit: str = "人") -> str:
    """A count of people (or of ``unit``): whole numbers with thousands separators, "1,234 人";
    an average that is not whole keeps two decimals and says so, "月均 74.25 人"."""
    number = _decimal(value)
    if number is None:
        return ""
    if number == number.to_integral_value():
        return f"{int(number):,} {unit}".rstrip()
    return f"月均 {number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,} {unit}".rstrip()


@register.filter
def day(value: Any) -> str:
    """A date (or a moment, in local time) as 2020-06-01."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return ""


@register.filter
def moment(value: Any) -> str:
    """A moment in local time as 2020-06-01 14:05."""
    if not isinstance(value, dt.datetime):
        return day(value)
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%Y-%m-%d %H:%M}"
