"""The one set of formats every page uses: money, percentages, counts and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import timezone

from wengang.cases.templatetags.formats import count, day, moment, money, percent, yuan


def test_money_has_two_decimals_and_separators() -> None:
    assert money(Decimal("12345")) == "¥12,345.00"
    assert money("1234.505") == "¥1,234.51"
    assert money(Decimal("-8.5")) == "-¥8.50"
    assert yuan(Decimal("15000")) == "15,000.00 元"
    assert money(None) == money("") == money("abc") == ""


def test_a_percentage_has_two_decimals_rounded_half_up() -> None:
    assert percent(Decimal("0.011764")) == "1.18%"  # 20 of 1,700 laid off
    assert percent(Decimal("0.011749")) == "1.17%"
    assert percent(Decimal("0.00005")) == "0.01%"  # half a hundredth of a percent rounds up
    assert percent("0.052") == "5.20%"
    assert percent(0) == "0.00%"
    assert percent(None) == percent("abc") == ""


def test_a_percentage_beside_its_threshold_is_cut_and_never_reaches_a_threshold_it_misses() -> None:
    assert percent(Decimal("0.051999"), "threshold") == "5.19%"  # beside "低于 5.2%"
    assert percent(Decimal("0.19996"), "threshold") == "19.99%"  # beside a 20% tier
    assert percent(Decimal("0.052"), "threshold") == "5.20%"
    assert percent(Decimal("0.051999")) == "5.20%"  # the same figure where no threshold is shown


def test_a_count_is_whole_people_or_says_it_is_an_average() -> None:
    assert count(1234) == "1,234 人"
    assert count(Decimal("74.00")) == "74 人"
    assert count(Decimal("74.25")) == "月均 74.25 人"
    assert count(3, "项") == "3 项"
    assert count(None) == ""


def test_dates_and_moments() -> None:
    assert day(dt.date(2020, 6, 1)) == "2020-06-01"
    at = timezone.make_aware(dt.datetime(2020, 6, 1, 9, 5))
    assert moment(at) == "2020-06-01 09:05"
    assert day(at) == "2020-06-01"
    assert day(None) == moment(None) == ""


def test_templates_load_them_as_one_library() -> None:
    rendered = Template(
        '{% load formats %}{{ a|money }} {{ r|percent }} {{ r|percent:"threshold" }} {{ n|count }} {{ d|day }}'
    ).render(Context({"a": Decimal("12345"), "r": Decimal("0.011764"), "n": 20, "d": dt.date(2020, 6, 1)}))
    assert rendered == "¥12,345.00 1.18% 1.17% 20 人 2020-06-01"
