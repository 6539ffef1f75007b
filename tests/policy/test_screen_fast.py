"""The batch reader's fast paths give exactly what the cell-by-cell (single-case) reader gives.

A fast path is taken per column when every cell of it qualifies; one cell that does not sends the
whole column down the exact path. So each case is checked both ways: a column of qualifying cells
only, and the same cells with one that does not qualify.
"""

from __future__ import annotations

import importlib
import random
from decimal import Decimal

import polars as pl
import pytest

from tests.policy.test_facts import _uscc, batch, single
from wengang.policy import explain, screen
from wengang.policy.fields import FIELDS_BY_NAME
from wengang.policy.screen import (
    DUP_REASON,
    USCC_REASON,
    float_decimals,
    text_is_clean,
    uscc_digits,
    uscc_keys,
    validate,
)

CLEAN_TEXT = {
    "industry_code": ["F52", "I65", "K7011", "L72", "F52"],
    "street": ["望京", "酒仙桥", "望京", "三里屯"],
    "name": ["北京示例商贸有限公司", "A B 公司", "示例企业1"],
}
#: one cell each that needs stripping, upper-casing, or is empty (unknown)
DIRTY_TEXT = {
    "industry_code": [" L72 ", "i65", "", "  ", "F5a", "f"],
    "street": [" 望京", "望京 ", "", "\t酒仙桥"],
    "name": ["  示例  ", "", " "],
}


def alike(batch_read: list[tuple[str, object]], cells: list[str | None], name: str) -> bool:
    """Each cell accepted with the same value, or rejected for the same reason (the single reader
    quotes the cell in front of the reason)."""
    for (status, value), cell in zip(batch_read, cells, strict=True):
        s_status, s_value = single(name, cell)
        if status != s_status:
            return False
        if status == "ok" and value != s_value:
            return False
        if status == "rejected" and not str(s_value).endswith(str(value)):
            return False
    return True


@pytest.mark.parametrize("name", sorted(CLEAN_TEXT))
def test_a_clean_text_column_takes_the_fast_path_and_reads_as_written(name: str) -> None:
    field = FIELDS_BY_NAME[name]
    cells = CLEAN_TEXT[name]
    assert text_is_clean(field, pl.Series(cells))
    assert batch(name, list(cells)) == [("ok", c) for c in cells]


@pytest.mark.parametrize("name", sorted(CLEAN_TEXT))
@pytest.mark.parametrize("dirty", range(6))
def test_one_dirty_cell_sends_the_column_down_the_exact_path(name: str, dirty: int) -> None:
    if dirty >= len(DIRTY_TEXT[name]):
        pytest.skip("fewer dirty examples for this column")
    field = FIELDS_BY_NAME[name]
    cell = DIRTY_TEXT[name][dirty]
    cells: list[str | None] = [*CLEAN_TEXT[name], cell, None]
    assert not text_is_clean(field, pl.Series(cells[:-1]))
    # the dirty cell is stripped, upper-cased, unknown or rejected as the single reader says
    assert alike(batch(name, cells), cells, name)


def test_the_fast_path_keeps_the_exact_values() -> None:
    assert batch("industry_code", ["F52", " i65 ", ""]) == [("ok", "F52"), ("ok", "I65"), ("ok", None)]
    assert batch("industry_code", ["F52", "I65", None]) == [("ok", "F52"), ("ok", "I65"), ("ok", None)]


# ---- floats (a typed Parquet or in-memory column) ---------------------------------------------------

#: amounts in yuan and cents: the fast path (every value the nearest double to a number of cents)
CENTS = [
    0.0,
    -0.0,
    0.07,
    -0.07,
    0.1,
    1600.0,
    98765432.1,
    84554396.54,
    12345678901.23,
    -12345678901.23,
    9999999999999.99,
]
#: each sends its column down the exact path: more places (half-way cases of the 8th place
#: included), huge values, values below a cent
ODD_FLOATS = [
    0.125,
    0.005,
    0.015,
    1.5e-8,
    2.5e-8,
    1e-9,
    1e-300,
    3.3333333333333335,
    1234567.891234567,
    10000000000000.01,
    100000000000000.38,
    999999999999999.9,
]


def _float_column(values: list[float | None]) -> list[tuple[str, object]]:
    df = pl.DataFrame(
        {"uscc": [_uscc(i + 1) for i in range(len(values))], "profit_tax_2018": values},
        schema={"uscc": pl.String, "profit_tax_2018": pl.Float64},
    )
    checked = validate(df)
    clean = checked.clean
    got = dict(zip(clean["__row"].to_list(), clean["profit_tax_2018"].to_list(), strict=True))
    return [("ok", got[i]) if i in got else ("rejected", None) for i in range(1, len(values) + 1)]


def _single_float(raw: float | None) -> tuple[str, object]:
    status, value = single("profit_tax_2018", raw)
    return (status, value if status == "ok" else None)


def test_floats_in_cents_take_the_fast_path_and_read_as_the_single_case_reader_does() -> None:
    values: list[float | None] = [*CENTS, None]
    assert float_decimals(pl.Series(values)).dtype == pl.Decimal(38, 2)
    assert _float_column(values) == [_single_float(v) for v in values]


@pytest.mark.parametrize("odd", ODD_FLOATS)
def test_one_odd_float_sends_the_column_down_the_exact_path(odd: float) -> None:
    values: list[float | None] = [*CENTS, odd, None, float("nan"), float("inf"), 1e15]
    assert float_decimals(pl.Series(values)).dtype == pl.Decimal(38, 8)
    got = _float_column(values)
    assert got == [_single_float(v) for v in values]
    assert got[-3:] == [("rejected", None)] * 3  # not finite, or out of range


def test_floats_read_exactly_at_every_magnitude() -> None:
    # random amounts in cents from 0.01 to 10^13 yuan, both signs: the same values as repr() gives
    rng = random.Random(20200501)
    values = [rng.randrange(-(10**k), 10**k) / 100 for k in range(1, 16) for _ in range(300)]
    got = float_decimals(pl.Series(values)).to_list()
    assert got == [Decimal(repr(v)) for v in values]


def test_a_profit_tax_drop_of_exactly_half_in_floats_is_not_more_than_half() -> None:
    # Regression: a Float64 column was cast straight to 8 places, which read 84,554,396.54 as
    # 84,554,396.54000001, so the batch saw 2019 (42,277,198.27) below half of 2018 and met
    # OP2.1(2), while one case (exactly half: not "more than 50 %") does not.
    firm = {
        "uscc": _uscc(1),
        "profit_tax_2018": 84554396.54,
        "profit_tax_2019": 42277198.27,
        "profit_2019q1": -1.0,
        "profit_2019q2": -1.0,
        "profit_2020q1": -1.0,
    }
    single_result = explain(firm).result("OP2")
    drop = next(c for c in single_result.conditions if c.id == "op2.profit_drop")
    assert drop.status == "unmet"
    out = screen(pl.DataFrame([firm])).output
    assert "OP2.1(2)" in out["op2_unmet"][0].split(";")


def test_floats_with_more_places_read_exactly_through_their_shortest_text() -> None:
    # thirds, twelfths, millionths…, and values from 10^-12 to 10^15: the exact path
    rng = random.Random(7)
    values: list[float | None] = [
        rng.randrange(-(10**k), 10**k) / rng.choice([3, 7, 12, 1000, 1e6, 1e9]) for k in range(1, 17) for _ in range(60)
    ]
    values += [rng.random() * 10 ** rng.randrange(-12, 16) for _ in range(600)]
    values += [0.125, 0.005, 1.5e-8, 2.5e-8, 3.5e-8, 1e-9, 5e-9, 1e-300, 1e15, float("nan"), None]
    got = float_decimals(pl.Series(values)).to_list()
    want = []
    for v in values:
        status, value = single("profit_tax_2018", v)
        want.append(value if status == "ok" else None)
    assert got == want


# ---- credit codes, checked on their bytes ------------------------------------------------------

#: codes of 18 bytes with no lower-case letter: read as they stand (the byte path)
CLEAN_CODES = [
    _uscc(1),
    _uscc(2)[:17] + ("0" if _uscc(2)[17] != "0" else "1"),  # wrong check character
    "91110105000021HI7G",  # I is not in the alphabet
    "中中中中中中",  # 18 bytes of UTF-8, six characters
    "9111010500002 HP7G",  # a blank inside
    _uscc(3),
    _uscc(1),  # a duplicate of the first
]
#: one code each that needs upper-casing or stripping, is missing, or has another length
DIRTY_CODES = [_uscc(4).lower(), " " + _uscc(5) + " ", None, "", "123", _uscc(6)[:17], _uscc(7) + "0"]


def reference_keys(code: str) -> tuple[int, int] | None:
    """The two integer keys of a valid code, digit by digit (None for an invalid code)."""
    from wengang.policy.fields import USCC_ALPHABET, valid_uscc

    if not valid_uscc(code):
        return None
    digits = [USCC_ALPHABET.index(ch) for ch in code]
    hi = lo = 0
    for d in digits[:9]:
        hi = hi * 31 + d
    for d in digits[9:17]:
        lo = lo * 31 + d
    return hi, lo


@pytest.mark.parametrize("dirty", [None, *range(len(DIRTY_CODES))])
def test_credit_codes_read_the_same_on_the_byte_path_and_the_text_path(dirty: int | None) -> None:
    codes = CLEAN_CODES + ([DIRTY_CODES[dirty]] if dirty is not None else [])
    df = pl.DataFrame({"uscc": codes}, schema={"uscc": pl.String})
    checked = validate(df)
    accepted = checked.clean["uscc"].to_list()
    rejected = {r["row"]: (r["value"], r["reason"]) for r in checked.rejects.iter_rows(named=True)}
    want_accepted: list[str] = []
    want_rejected: dict[int, tuple[str | None, str]] = {}
    for row, code in enumerate(codes, start=1):
        status, value = single("uscc", code)
        if value is None:  # one case may lack its code; a registry row may not
            status = "rejected"
        if status == "ok" and value in want_accepted:
            want_rejected[row] = (value, DUP_REASON)
        elif status == "ok":
            want_accepted.append(value)
        else:
            normal = (
                code.strip().upper()
                if code is not None and (len(code.encode()) != 18 or code != code.upper())
                else code
            )
            want_rejected[row] = (normal, USCC_REASON)
    assert accepted == want_accepted
    assert rejected == want_rejected
    assert checked.keys.rows() == [reference_keys(code) for code in want_accepted]


def test_credit_code_keys_and_check_on_random_codes() -> None:
    from wengang.policy.fields import USCC_ALPHABET

    rng = random.Random(9)
    codes = [_uscc(rng.randrange(1, 10**7)) for _ in range(300)]
    codes += ["".join(rng.choice(USCC_ALPHABET) for _ in range(18)) for _ in range(300)]  # 1 in 31 valid
    ok, digits = uscc_digits(pl.Series(codes))
    hi, lo = uscc_keys(digits, ok)
    for code, valid, key in zip(codes, ok.to_list(), zip(hi.to_list(), lo.to_list(), strict=True), strict=True):
        want = reference_keys(code)
        assert valid == (want is not None)
        if valid:
            assert key == want


def test_duplicates_within_a_chunk_are_the_rows_whose_key_came_before() -> None:
    from wengang.policy.screen import ROW, _duplicates

    rng = random.Random(3)
    # few distinct low parts, so many rows share one (with the same or another high part)
    his = [rng.randrange(4) for _ in range(5000)]
    los = [rng.randrange(1500) * 7919 for _ in range(5000)]
    keys = pl.DataFrame({ROW: range(1, 5001), "__hi": his, "__lo": los})
    seen: set[tuple[int, int]] = set()
    want = []
    for row, key in enumerate(zip(his, los, strict=True), start=1):
        if key in seen:
            want.append(row)
        seen.add(key)
    assert 0 < len(want) < 5000
    assert _duplicates(keys, None)[ROW].to_list() == want
    assert _duplicates(keys.clear(), None).height == 0


#: typed cells (as a Parquet extract holds them) that fail a check: NaN, infinities, too large,
#: negative where a figure cannot be, with the type of column each goes in
TYPED_BAD = [
    ("revenue_2019", pl.Float64, float("nan")),
    ("revenue_2019", pl.Float64, float("inf")),
    ("profit_2019q1", pl.Float64, float("-inf")),
    ("profit_2019q1", pl.Float64, -1e15),
    ("total_assets", pl.Float64, -0.01),
    ("total_assets", pl.Float64, 1e15),
    ("employees", pl.Int64, -1),
    ("employees", pl.Int64, 10**15),
    ("profit_tax_2018", pl.Decimal(20, 2), Decimal("-1000000000000000.00")),
    ("ui_payers_2019_avg", pl.Decimal(20, 2), Decimal("-0.01")),
]


@pytest.mark.parametrize(("name", "dtype", "bad"), TYPED_BAD)
@pytest.mark.parametrize("where", [0, 3, 6])
def test_a_typed_number_column_is_checked_on_its_extremes_with_the_same_rejects(
    name: str, dtype: pl.DataType, bad: object, where: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typed number column whose least, greatest and NaN values pass every check is not
    checked row by row; one bad cell anywhere in it rejects the same row for the same reason
    as checking every row does."""
    module = importlib.import_module("wengang.policy.screen")  # the package's ``screen`` is the function
    codes = [_uscc(n) for n in range(1, 8)]
    five: object = Decimal(5) if isinstance(dtype, pl.Decimal) else 5.0 if dtype == pl.Float64 else 5
    good = [five for _ in codes]
    cells = list(good)
    cells[where] = bad
    cells[1] = None  # an unknown cell passes
    frame = pl.DataFrame({"uscc": codes, name: pl.Series(cells, dtype=dtype, strict=False)})
    clean = pl.DataFrame({"uscc": codes, name: pl.Series(good, dtype=dtype)})
    assert module._settled_columns(clean, [FIELDS_BY_NAME[name]]) == {name}
    assert module._settled_columns(frame, [FIELDS_BY_NAME[name]]) == set()
    fast = validate(frame)
    monkeypatch.setattr(module, "_settled_columns", lambda df, present: set())
    rowwise = validate(frame)
    assert fast.rejects.equals(rowwise.rejects)
    assert fast.rejects["row"].unique().to_list() == [where + 1]  # (a NaN fails two checks)
    assert fast.clean.equals(rowwise.clean)
