"""The one set of number and date formats every page uses (``{% load formats %}``): money, percentages,
counts and dates as the brief writes them — ``¥1,234.50`` / ``1,234.50 元``, ``1.18%``, ``1,234 人``,
``2020-06-01``. The engine's explanations format their own figures (``wengang.policy.explain.fmt``):
each percentage there stands beside the threshold it is compared with, so it is cut, as
``percent:"threshold"`` is."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

from wengang.calculator.templatetags.calculator_tags import yuan
from wengang.policy.explain import fmt

register = template.Library()
register.filter("yuan", yuan)


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
def percent(value: Any, beside: str = "") -> str:
    """A ratio as a percentage with two decimals, rounded half-up: 0.011764 → "1.18%", 0.19996 → "20.00%".

    ``percent:"threshold"`` is for a figure shown beside a threshold it is compared with: cut, not
    rounded, as the engine's explanations write it, so it never appears to reach a threshold it misses
    (a layoff rate of 5.1999 % reads "5.19%" beside "低于 5.2%", never "5.20%")."""
    number = _decimal(value)
    if number is None:
        return ""
    if beside == "threshold":
        return fmt(number, "pct")
    return f"{(number * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


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
