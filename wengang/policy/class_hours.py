"""OP6 class hours from a learning record: minutes watched online and attended offline → 课时.

OP6 counts "累计不低于40课时（每课时45分钟，线上课时累计计算）": one person's online and offline
minutes add up, and a class hour is ``op6_minutes_per_class_hour`` minutes (45). The division is
exact (``Fraction``); what is shown is cut, never rounded up, to two places, so 1,799 minutes is
39.97 课时 and does not reach 40 — and 1,800 minutes is exactly 40.00. Whether the person reaches
the minimum is the trainee rule's (``rules.training.trainee``); this only converts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from fractions import Fraction

from .params import UsedParameter, resolve

CLAUSE = "OP6"
PARAMS = ("op6_minutes_per_class_hour", "op6_min_class_hours")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ClassHours:
    """One person's class hours: the exact value, the shown value and why."""

    online_minutes: Decimal
    offline_minutes: Decimal
    minutes_per_hour: int
    minimum: int
    exact: Fraction
    used: tuple[UsedParameter, ...]

    @property
    def minutes(self) -> Decimal:
        return self.online_minutes + self.offline_minutes

    @property
    def hours(self) -> Decimal:
        """The class hours cut to two places (39.999… is 39.99, never 40.00)."""
        return (Decimal(self.exact.numerator) / Decimal(self.exact.denominator)).quantize(CENT, rounding=ROUND_DOWN)

    @property
    def reaches_minimum(self) -> bool:
        return self.exact >= self.minimum

    @property
    def minutes_short(self) -> Decimal:
        """Minutes still needed to reach the minimum (0 once reached)."""
        return max(Decimal(self.minimum * self.minutes_per_hour) - self.minutes, Decimal(0))

    @property
    def explanation(self) -> str:
        parts = [f"线上 {_minutes(self.online_minutes)} 分钟"]
        if self.offline_minutes:
            parts.append(f"线下 {_minutes(self.offline_minutes)} 分钟")
        total = " + ".join(parts)
        if self.offline_minutes:
            total += f" = {_minutes(self.minutes)} 分钟"
        text = f"{total}，每课时 {self.minutes_per_hour} 分钟，合 {self.hours} 课时"
        if self.reaches_minimum:
            return f"{text}，达到 {self.minimum} 课时（{CLAUSE}）"
        short = self.minutes_short.quantize(CENT, rounding=ROUND_UP)  # never "还差 0 分钟"
        return f"{text}，距 {self.minimum} 课时还差 {_minutes(short)} 分钟（{CLAUSE}）"


def _minutes(value: Decimal) -> str:
    text = f"{value.quantize(CENT, rounding=ROUND_DOWN):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def class_hours(*, online_minutes: Decimal, offline_minutes: Decimal = Decimal(0), on: dt.date) -> ClassHours:
    """Class hours of one person's counted minutes on ``on`` (the parameters' date).

    Minutes must not be negative (a learning record never removes time)."""
    if online_minutes < 0 or offline_minutes < 0:
        raise ValueError("课时分钟数不能为负")
    resolved = resolve(PARAMS, on)
    per_hour = int(resolved.values["op6_minutes_per_class_hour"])
    minimum = int(resolved.values["op6_min_class_hours"])
    exact = Fraction(online_minutes + offline_minutes) / per_hour
    return ClassHours(
        online_minutes=online_minutes,
        offline_minutes=offline_minutes,
        minutes_per_hour=per_hour,
        minimum=minimum,
        exact=exact,
        used=tuple(resolved.used[k] for k in PARAMS),
    )
