"""Rule expressions: Kleene logic, exact arithmetic and half-up rounding, the same in both evaluators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from wengang.policy.expr import (
    Env,
    Expr,
    Kind,
    Lookup,
    PrefixLookup,
    Value,
    VecCtx,
    all_of,
    any_of,
    as_expr,
    c,
    days_between,
    if_,
    known,
    min_of,
    named,
    next_month_start,
    round_money,
    round_money_value,
    v,
)

D = Decimal
DTYPES: dict[str, Any] = {
    "int": pl.Int64,
    "dec": pl.Decimal(38, 8),
    "bool": pl.Boolean,
    "str": pl.String,
    "date": pl.Date,
}


def scalar(expr: Expr, **facts: Value) -> Value:
    return expr.eval(Env(facts, {}))


def vector(expr: Expr, kinds: dict[str, Kind], **facts: Value) -> Value:
    df = pl.DataFrame({k: pl.Series(k, [facts.get(k)], dtype=DTYPES[kind]) for k, kind in kinds.items()})
    return df.select(expr.vec(VecCtx(kinds, {})).alias("out"))["out"][0]  # type: ignore[no-any-return]


def vector_fixed(expr: Expr, kinds: dict[str, Kind], places: int, **facts: Value) -> Value:
    """The batch evaluator with the decimal inputs as scaled integers (value × 10^places)."""
    cols = []
    for k, kind in kinds.items():
        value = facts.get(k)
        if kind == "dec":
            scaled = None if value is None else int(Decimal(value).scaleb(places))  # type: ignore[arg-type]
            cols.append(pl.Series(k, [scaled], dtype=pl.Int64))
        else:
            cols.append(pl.Series(k, [value], dtype=DTYPES[kind]))
    fixed = {k: places for k, kind in kinds.items() if kind == "dec"}
    # inputs below 10^15, as validated rows are: scaled integers in 64 bits where they fit
    ctx = VecCtx(kinds, {}, fixed=fixed, input_bound=10**15)
    return pl.DataFrame(cols).select(expr.vec(ctx).alias("out"))["out"][0]  # type: ignore[no-any-return]


def both(expr: Expr, kinds: dict[str, Kind], **facts: Value) -> tuple[Value, Value]:
    """Both evaluators; the batch one also with decimal inputs as scaled integers of 2 and of 8
    places (where the inputs have no more), which must give exactly the same."""
    batch = vector(expr, kinds, **facts)
    for places in (2, 8):
        decimals = [facts.get(k) for k, kind in kinds.items() if kind == "dec" and facts.get(k) is not None]
        if all(Decimal(x).scaleb(places) == int(Decimal(x).scaleb(places)) for x in decimals):  # type: ignore[arg-type]
            fixed = vector_fixed(expr, kinds, places, **facts)
            assert fixed == batch, f"scaled integers of {places} places: {fixed!r} != {batch!r}"
    return scalar(expr, **facts), batch


BOOLS: dict[str, Kind] = {"a": "bool", "b": "bool"}
DECS: dict[str, Kind] = {"x": "dec", "y": "dec", "n": "int", "m": "int"}
T, F, U = True, False, None

# ---- Kleene logic ----------------------------------------------------------------------------

AND = {(T, T): T, (T, F): F, (T, U): U, (F, T): F, (F, F): F, (F, U): F, (U, T): U, (U, F): F, (U, U): U}
OR = {(T, T): T, (T, F): T, (T, U): T, (F, T): T, (F, F): F, (F, U): U, (U, T): T, (U, F): U, (U, U): U}


@pytest.mark.parametrize(("a", "b"), list(AND))
def test_and_is_kleene(a: bool | None, b: bool | None) -> None:
    assert both(v("a") & v("b"), BOOLS, a=a, b=b) == (AND[a, b], AND[a, b])
    assert both(all_of(v("a"), v("b")), BOOLS, a=a, b=b) == (AND[a, b], AND[a, b])


@pytest.mark.parametrize(("a", "b"), list(OR))
def test_or_is_kleene(a: bool | None, b: bool | None) -> None:
    assert both(v("a") | v("b"), BOOLS, a=a, b=b) == (OR[a, b], OR[a, b])
    assert both(any_of(v("a"), v("b")), BOOLS, a=a, b=b) == (OR[a, b], OR[a, b])


@pytest.mark.parametrize(("a", "want"), [(T, F), (F, T), (U, U)])
def test_not_is_kleene(a: bool | None, want: bool | None) -> None:
    assert both(~v("a"), BOOLS, a=a) == (want, want)


def test_an_unmet_item_settles_an_and_of_many_unknowns() -> None:
    kinds: dict[str, Kind] = {f"b{i}": "bool" for i in range(5)}
    facts: dict[str, Value] = {"b0": None, "b1": None, "b2": False, "b3": None, "b4": True}
    expr = all_of(*(v(f"b{i}") for i in range(5)))
    assert both(expr, kinds, **facts) == (False, False)
    assert both(any_of(*(v(f"b{i}") for i in range(5))), kinds, **facts) == (True, True)


def test_comparisons_and_arithmetic_with_unknown_are_unknown() -> None:
    assert both(v("x") < 5, DECS, x=None) == (None, None)
    assert both(v("x") + 1, DECS, x=None) == (None, None)
    assert both(v("n") * v("m"), DECS, n=3, m=None) == (None, None)


def test_known_is_never_unknown() -> None:
    assert both(known(v("x")), DECS, x=None) == (False, False)
    assert both(known(v("x")), DECS, x=D(0)) == (True, True)


def test_if_with_unknown_test_is_unknown() -> None:
    expr = if_(v("a"), c(1), c(2))
    assert both(expr, BOOLS, a=None) == (None, None)
    assert both(expr, BOOLS, a=True) == (1, 1)
    assert both(expr, BOOLS, a=False) == (2, 2)


def test_a_known_comparison_settles_a_rule_with_unknown_inputs() -> None:
    # POLICY.md: a 2018 profit-tax ≤ 0 settles the drop test as unmet whatever 2019 holds
    drop = all_of(v("x") > 0, v("y") < c("0.5") * v("x"))
    assert both(drop, DECS, x=D(0), y=None) == (False, False)
    assert both(drop, DECS, x=D(-5), y=None) == (False, False)
    assert both(drop, DECS, x=D(100), y=None) == (None, None)


# ---- exact arithmetic ------------------------------------------------------------------------


def test_integers_stay_integers() -> None:
    single, batch = both(v("n") * 3 + v("m") - 1, DECS, n=5, m=2)
    assert single == batch == 16
    assert type(single) is int


def test_decimal_sums_are_exact() -> None:
    single, batch = both(v("x") + v("y"), DECS, x=D("0.1"), y=D("0.2"))
    assert single == batch == D("0.3")


def test_products_of_inputs_and_rates_are_exact() -> None:
    # 12,345.67 × 0.0005 × 3 = 18.518505 exactly
    expr = v("x") * c("0.0005") * v("n")
    assert both(expr, DECS, x=D("12345.67"), n=3) == (D("18.518505"), D("18.518505"))


def test_a_ratio_at_the_threshold_compares_exactly() -> None:
    # 1000 insured, 948 left: 52 < 0.052 × 1000 is false (no binary floating point)
    expr = v("n") - v("m") < c("0.052") * v("n")
    assert both(expr, DECS, n=1000, m=948) == (False, False)
    assert both(expr, DECS, n=1000, m=949) == (True, True)
    # 48 against 40 is growth of exactly 20 %
    assert both(v("n") >= v("m") * c("1.2"), DECS, n=48, m=40) == (True, True)


def test_quotients_have_14_places() -> None:
    single, batch = both(v("x") / v("y"), DECS, x=D(2), y=D(3))
    assert single == batch == D("0.66666666666667")


def test_division_by_zero_is_unknown() -> None:
    assert both(v("x") / v("y"), DECS, x=D(5), y=D(0)) == (None, None)
    assert both(v("x") / v("n"), DECS, x=D(5), n=0) == (None, None)


@pytest.mark.parametrize(
    ("x", "y", "want"),
    [
        # beyond 14 places a product is rounded half-to-even at 14 places (expr.py), in both modes
        ("0.00000005", "0.0000001", "0.00000000000000"),  # 0.5e-14 → 0
        ("0.00000015", "0.0000001", "0.00000000000002"),  # 1.5e-14 → 2e-14
        ("0.00000005", "0.0000005", "0.00000000000002"),  # 2.5e-14 → 2e-14
        ("0.00000007", "0.0000001", "0.00000000000001"),  # 0.7e-14 → 1e-14
        ("-0.00000015", "0.0000001", "-0.00000000000002"),
    ],
)
def test_products_finer_than_14_places_agree(x: str, y: str, want: str) -> None:
    assert both(v("x") * v("y"), DECS, x=D(x), y=D(y)) == (D(want), D(want))


@pytest.mark.parametrize(
    ("x", "y", "want"),
    [
        ("0.000001", "200000000", "0.00000000000000"),  # 0.5e-14 → 0
        ("0.000003", "200000000", "0.00000000000002"),  # 1.5e-14 → 2e-14
        ("0.000005", "200000000", "0.00000000000002"),  # 2.5e-14 → 2e-14
        ("-0.000005", "200000000", "-0.00000000000002"),
    ],
)
def test_quotients_finer_than_14_places_agree(x: str, y: str, want: str) -> None:
    assert both(v("x") / v("y"), DECS, x=D(x), y=D(y)) == (D(want), D(want))


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        as_expr(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        v("x") * 0.3  # type: ignore[operator]


def test_min_of() -> None:
    assert both(min_of(v("x"), v("y")), DECS, x=D("1.5"), y=D(2)) == (D("1.5"), D("1.5"))
    assert both(min_of(v("x"), v("n")), DECS, x=D("2.5"), n=2) == (2, 2)
    assert both(min_of(v("x"), v("y")), DECS, x=None, y=D(2)) == (None, None)


def test_named_is_memoised_per_case() -> None:
    calls = []

    class Counting(Expr):
        def eval(self, env: Env) -> Value:
            calls.append(1)
            return 7

    n = named("seven", Counting())
    env = Env({}, {})
    assert (n + n).eval(env) == 14
    assert len(calls) == 1


# ---- rounding money: once, half-up, away from zero -----------------------------------------


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("370.335", "370.34"),
        ("617.225", "617.23"),
        ("0.005", "0.01"),
        ("-0.005", "-0.01"),
        ("2.675", "2.68"),  # 2.675 as a binary float is 2.67499…: exact decimals round up
        ("1.00499999", "1.00"),
        ("18.518505", "18.52"),
        ("11966.704", "11966.70"),
        ("-370.335", "-370.34"),
        ("63149.997", "63150.00"),
    ],
)
def test_round_money_half_up_away_from_zero(value: str, want: str) -> None:
    assert round_money_value(D(value)) == D(want)
    assert str(round_money_value(D(value))) == want
    assert both(round_money(v("x") * 1), {"x": "dec"}, x=D(value)) == (D(want), D(want))


def test_round_money_of_a_product_with_a_half_cent() -> None:
    # OP3: 30 % of 1,234.45 = 370.335 → 370.34 in both modes
    expr = round_money(c("0.30") * v("x"))
    assert both(expr, {"x": "dec"}, x=D("1234.45")) == (D("370.34"), D("370.34"))


@pytest.mark.parametrize(
    ("x", "want"),
    [
        ("1234.45", "411.48333333333333"),  # 0.3…333|3 → down
        ("1234.47", "411.49"),
        ("-1234.46", "-411.48666666666667"),
    ],
)
def test_a_quotient_by_a_whole_constant_has_14_places_half_to_even(x: str, want: str) -> None:
    # scaled integers divide by a whole constant exactly (floor quotient and remainder)
    assert both(v("x") / 3, {"x": "dec"}, x=D(x)) == (D(want), D(want))
    assert both(v("x") / 4, {"x": "dec"}, x=D(x)) == (D(x) / 4, D(x) / 4)


@pytest.mark.parametrize(
    ("x", "want"),
    [
        ("0.000001", "0.00000000000000"),  # 0.5e-14 → 0 (even)
        ("0.000003", "0.00000000000002"),  # 1.5e-14 → 2e-14
        ("0.000005", "0.00000000000002"),  # 2.5e-14 → 2e-14 (even)
        ("0.000007", "0.00000000000004"),  # 3.5e-14 → 4e-14
        ("-0.000005", "-0.00000000000002"),
        ("0.00000301", "0.00000000000002"),  # 1.505e-14 → 2e-14
    ],
)
def test_a_quotient_tie_at_14_places_goes_to_even(x: str, want: str) -> None:
    assert both(v("x") / 200000000, {"x": "dec"}, x=D(x)) == (D(want), D(want))


def test_a_min_of_scaled_integers_and_a_quotient_rounds_once() -> None:
    # OP3's shape: min(rate × contributions, cap × heads / 3), then rounded half-up to cents
    expr = round_money(min_of(c("0.5") * v("x"), v("n") * 1000 / 3))
    assert both(expr, DECS, x=D("2000.01"), n=2) == (D("666.67"), D("666.67"))
    assert both(expr, DECS, x=D("1333.33"), n=2) == (D("666.67"), D("666.67"))  # 666.665 → up
    assert both(expr, DECS, x=D("-1333.33"), n=2) == (D("-666.67"), D("-666.67"))
    assert both(expr, DECS, x=None, n=2) == (None, None)


def test_scaled_integers_and_decimals_mix_in_one_rule() -> None:
    ctx_kinds: dict[str, Kind] = {"x": "dec", "y": "dec"}
    df = pl.DataFrame({"x": pl.Series([12345, -5], dtype=pl.Int64), "y": pl.Series([D("123.44999999"), D("0")])})
    ctx = VecCtx(ctx_kinds, {}, fixed={"x": 2})  # x in cents, y a decimal of 8 places
    out = df.select(
        (v("x") > v("y")).vec(ctx).alias("gt"),
        (v("x") + v("y")).vec(ctx).alias("sum"),
        round_money(v("x") * c("0.3")).vec(ctx).alias("r"),
    )
    assert out.rows() == [(True, D("246.89999999"), D("37.04")), (False, D("-0.05"), D("-0.02"))]


def test_round_money_of_an_integer() -> None:
    single, batch = both(round_money(v("n") * 1000), DECS, n=12)
    assert single == batch == D("12000.00")


# ---- lookups and dates ---------------------------------------------------------------------------


def test_lookup_and_prefix_lookup() -> None:
    kinds: dict[str, Kind] = {"code": "str"}
    table = {"K": 1, "K701": 13, "K702": 14}
    prefix = PrefixLookup(table, v("code"), 16)
    assert both(prefix, kinds, code="K7011") == (13, 13)
    assert both(prefix, kinds, code="K703") == (1, 1)
    assert both(prefix, kinds, code="M73") == (16, 16)
    assert both(prefix, kinds, code=None) == (None, None)
    look = Lookup({"a": True}, v("code"), "bool", default=False)
    assert both(look, kinds, code="a") == (True, True)
    assert both(look, kinds, code="b") == (False, False)
    assert both(look, kinds, code=None) == (None, None)


def test_dates() -> None:
    kinds: dict[str, Kind] = {"d1": "date", "d2": "date"}
    days = days_between(v("d1"), v("d2"))
    assert both(days, kinds, d1=dt.date(2020, 2, 28), d2=dt.date(2020, 3, 1)) == (2, 2)
    assert both(days, kinds, d1=dt.date(2020, 3, 31), d2=dt.date(2020, 3, 15)) == (-16, -16)
    nxt = next_month_start(v("d1"))
    assert both(nxt, kinds, d1=dt.date(2019, 12, 31)) == (dt.date(2020, 1, 1), dt.date(2020, 1, 1))
    assert both(nxt, kinds, d1=dt.date(2020, 6, 30)) == (dt.date(2020, 7, 1), dt.date(2020, 7, 1))
