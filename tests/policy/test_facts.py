"""Reading facts (REGISTRY.md): the single-case reader and the batch validator, and no Django."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import wengang.policy
from wengang.policy.casefile import _uscc
from wengang.policy.facts import (
    FactError,
    check_kind,
    read_bool,
    read_case,
    read_date,
    read_enterprise,
    read_fact,
    read_number,
)
from wengang.policy.fields import FIELDS_BY_NAME, uscc_check_char, valid_uscc
from wengang.policy.screen import validate

D = Decimal
VALID_USCC = "91110105000021HP7G"


def read(name: str, raw: Any) -> Any:
    return read_fact(FIELDS_BY_NAME[name], raw)


def batch(name: str, raws: list[str | None]) -> list[tuple[str, Any]]:
    """Each raw cell through ``validate``: ("ok", typed value) or ("rejected", reason)."""
    df = pl.DataFrame(
        {"uscc": [_uscc(i + 1) for i in range(len(raws))], name: raws},
        schema={"uscc": pl.String, name: pl.String},
    )
    checked = validate(df)
    clean = checked.clean
    values = dict(zip(clean["__row"].to_list(), clean[name].to_list(), strict=True))
    reasons = {r["row"]: r["reason"] for r in checked.rejects.iter_rows(named=True)}
    return [("ok", values[i]) if i in values else ("rejected", reasons[i]) for i in range(1, len(raws) + 1)]


def single(name: str, raw: Any) -> tuple[str, Any]:
    try:
        return "ok", read(name, raw)
    except FactError as err:
        return "rejected", err.message


# ---- booleans ----------------------------------------------------------------------------------

BOOL_CELLS = {
    "true": True,
    "TRUE": True,
    " True ": True,
    "1": True,
    "yes": True,
    "YES": True,
    "是": True,
    "false": False,
    "False": False,
    "0": False,
    "no": False,
    "No": False,
    "否": False,
    "": None,
    "  ": None,
}


@pytest.mark.parametrize(("raw", "want"), list(BOOL_CELLS.items()))
def test_boolean_words(raw: str, want: bool | None) -> None:
    assert read("state_owned", raw) is want
    [(status, value)] = batch("state_owned", [raw])
    assert (status, value) == ("ok", want)


@pytest.mark.parametrize("raw", ["maybe", "y", "n", "2", "对", "t"])
def test_other_boolean_words_are_rejected(raw: str) -> None:
    with pytest.raises(FactError, match="是/否"):
        read("state_owned", raw)
    assert batch("state_owned", [raw])[0][0] == "rejected"


def test_python_booleans() -> None:
    assert read_bool("x", True) is True
    assert read_bool("x", 0) is False
    assert read_bool("x", None) is None


# ---- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("1000", D(1000)),
        ("1e3", D(1000)),
        ("1E+3", D(1000)),
        ("+5", D(5)),
        (".5", D("0.5")),
        ("5.", D(5)),
        ("-12.50", D("-12.5")),
        ("999999999999999", D("999999999999999")),
        ("0.12345678", D("0.12345678")),
        (" 7 ", D(7)),
    ],
)
def test_plain_decimal_numbers_are_read(raw: str, want: Decimal) -> None:
    assert read_number("x", raw) == want
    assert read("profit_tax_2018", raw) == want
    [(status, value)] = batch("profit_tax_2018", [raw])
    assert status == "ok" and value == want


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,000", "不是数字"),
        ("1 000", "不是数字"),
        ("1_000", "不是数字"),
        ("0x10", "不是数字"),
        ("１２", "不是数字"),  # full-width digits
        ("12元", "不是数字"),
        ("1e", "不是数字"),
        ("NaN", "不是数字"),
        ("inf", "不是数字"),
        ("1e15", "超出范围"),
        ("-1e15", "超出范围"),
        ("1000000000000000", "超出范围"),
        ("1e400", "超出范围"),
    ],
)
def test_bad_numbers_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(FactError, match=reason):
        read("profit_tax_2018", raw)
    [(status, why)] = batch("profit_tax_2018", [raw])
    assert status == "rejected" and reason in why


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("0.000000025", "0.00000002"),
        ("0.000000035", "0.00000004"),
        ("1.123456785", "1.12345678"),
        ("1.1234567851", "1.12345679"),
        ("-0.000000025", "-0.00000002"),
    ],
)
def test_ninth_decimal_is_rounded_half_to_even_in_both_readers(raw: str, want: str) -> None:
    assert read("profit_tax_2018", raw) == D(want)
    assert batch("profit_tax_2018", [raw]) == [("ok", D(want))]


def test_profits_may_be_negative_but_revenue_and_counts_may_not() -> None:
    assert read("profit_2019q1", "-100.5") == D("-100.5")
    for name in (
        "revenue_2019",
        "total_assets",
        "employer_contrib_2020_02",
        "ui_payers_2019_avg",
        "employees",
        "insured_2019_12",
        "si_new_2020_01",
        "local_rural_workers",
    ):
        with pytest.raises(FactError, match="负数"):
            read(name, "-1")
        assert batch(name, ["-1"])[0] == ("rejected", "不能为负数")


def test_counts_are_whole() -> None:
    assert read("employees", "12") == 12
    assert type(read("employees", "1.2e1")) is int
    assert read("employees", "12.0") == 12
    with pytest.raises(FactError, match="整数"):
        read("employees", "12.5")
    assert batch("employees", ["12.5"])[0] == ("rejected", "须为整数")


@pytest.mark.parametrize("raw", ["1.000000001", "2.000000004"])
def test_a_count_with_a_tiny_fraction_is_not_whole(raw: str) -> None:
    # REGISTRY.md: a count that is not whole is bad input, however small the fraction
    assert single("employees", raw)[0] == "rejected"
    assert batch("employees", [raw])[0][0] == "rejected"


def test_a_tiny_negative_amount_is_negative() -> None:
    assert single("revenue_2019", "-0.000000001")[0] == "rejected"
    assert batch("revenue_2019", ["-0.000000001"])[0][0] == "rejected"


def test_empty_cells_are_unknown() -> None:
    assert read("employees", "") is None
    assert read("employees", None) is None
    assert batch("employees", ["", None]) == [("ok", None), ("ok", None)]


# ---- the two readers agree ---------------------------------------------------------------------

AGREEMENT_CELLS = [
    "0",
    "12",
    "12.5",
    "-3",
    "1e3",
    "1.5E2",
    "0.00000001",
    "123456.12345678",
    "99999999999999.99999999",
    # more than 8 decimal places: both readers must round the same way (facts.py)
    "0.000000025",
    "0.000000035",
    "1234.123456785",
    "0.123456789",
    # below 10^15 as written, 10^15 once rounded to 8 places
    "999999999999999.999999999",
    "999999999999999.99999999999999999999",
    # fractions and signs finer than 20 places are still fractions and signs (REGISTRY.md)
    "1.000000000000000000001",
    "-0.000000000000000000001",
    "1e-21",
]


@pytest.mark.parametrize("name", ["profit_tax_2018", "revenue_2019", "ui_payers_2019_avg", "employees"])
def test_single_and_batch_read_numbers_alike(name: str) -> None:
    got_batch = batch(name, AGREEMENT_CELLS)
    diffs = []
    for raw, b in zip(AGREEMENT_CELLS, got_batch, strict=True):
        s = single(name, raw)
        if s[0] != b[0] or (s[0] == "ok" and s[1] != b[1]):
            diffs.append(f"{raw!r}: single {s}, batch {b}")
    assert not diffs, "\n".join(diffs)


NUMBER_TEXT = st.builds(
    lambda sign, whole, frac, exp: f"{sign}{whole}{frac}{exp}",
    st.sampled_from(["", "", "-", "+"]),
    st.one_of(st.from_regex(r"[0-9]{1,17}", fullmatch=True), st.sampled_from(["0", "999999999999999", "1"])),
    st.one_of(st.just(""), st.from_regex(r"\.[0-9]{0,24}", fullmatch=True), st.sampled_from([".5", ".000000005"])),
    st.one_of(st.just(""), st.just(""), st.integers(-25, 20).map(lambda e: f"e{e}")),
)


# no shrinking: the message names the cell that differs, and shrinking 40 cells takes minutes
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(NUMBER_TEXT, min_size=40, max_size=40))
def test_single_and_batch_read_any_number_alike(cells: list[str]) -> None:
    """Numbers as a data team may write them: both readers accept, reject and round alike."""
    for name in ("employees", "revenue_2019", "profit_tax_2018"):
        for raw, b in zip(cells, batch(name, list(cells)), strict=True):
            s = single(name, raw)
            assert s[0] == b[0] and (s[0] != "ok" or s[1] == b[1]), f"{name} {raw!r}: single {s}, batch {b}"


# ---- credit codes and industry codes -------------------------------------------------------------


def test_credit_code_check_character() -> None:
    assert valid_uscc(VALID_USCC)
    assert uscc_check_char(VALID_USCC[:17]) == "G"
    for last in "0123456789ABCDEFHJKLMNPQRTUWXY":
        assert not valid_uscc(VALID_USCC[:17] + last)
    assert not valid_uscc(VALID_USCC[:17])
    assert not valid_uscc(VALID_USCC + "0")
    assert not valid_uscc("91110105000021HI7G")  # I is not in the alphabet


def test_credit_codes_in_both_readers() -> None:
    assert read("uscc", VALID_USCC) == VALID_USCC
    assert read("uscc", " " + VALID_USCC.lower() + " ") == VALID_USCC
    with pytest.raises(FactError, match="校验位"):
        read("uscc", VALID_USCC[:17] + "H")
    df = pl.DataFrame({"uscc": [VALID_USCC, VALID_USCC[:17] + "H", VALID_USCC.lower(), "123"]})
    checked = validate(df)
    assert checked.clean["uscc"].to_list() == [VALID_USCC]
    rejected = {r["row"]: r["reason"] for r in checked.rejects.iter_rows(named=True)}
    assert set(rejected) == {2, 3, 4}
    assert "重复" in rejected[3]  # the lower-case copy of an accepted code is a duplicate


@pytest.mark.parametrize(("raw", "want"), [("F52", "F52"), ("i65", "I65"), ("K7011", "K7011"), (" L72 ", "L72")])
def test_industry_codes(raw: str, want: str) -> None:
    assert read("industry_code", raw) == want
    assert batch("industry_code", [raw]) == [("ok", want)]


@pytest.mark.parametrize("raw", ["F5", "F52345", "52", "FF52", "F5a"])
def test_bad_industry_codes(raw: str) -> None:
    with pytest.raises(FactError, match="行业代码"):
        read("industry_code", raw)
    assert batch("industry_code", [raw])[0][0] == "rejected"


# ---- whole records ---------------------------------------------------------------------------------


def test_read_enterprise_accepts_chinese_labels_and_collects_errors() -> None:
    facts, errors = read_enterprise({"从业人员": "12", "营业收入": "1,000", "note": "kept"})
    assert facts["employees"] == 12
    assert facts["revenue_2019"] is None
    assert facts["note"] == "kept"
    assert [(e.field, "千分位" in e.message) for e in errors] == [("营业收入", True)]


def test_read_case_types_values_by_the_kinds_schema() -> None:
    facts, errors = read_case(
        "worker",
        {"period_months": "6", "monthly_wage": "2640.50", "period_end": "2020-06-30", "si_paid": "yes",
         "name": "张三", "pension_base": ""},
    )
    assert errors == []
    assert facts == {
        "period_months": 6,
        "monthly_wage": D("2640.50"),
        "period_end": dt.date(2020, 6, 30),
        "si_paid": True,
        "name": "张三",
        "pension_base": None,
    }


def test_an_id_number_is_text_not_a_number() -> None:
    # an 18-digit ID number (身份证号) is an identifier; it must not be read as a number
    facts, errors = read_case("training", {"trainees": [{"id_number": 110105199001011234}]})
    assert errors == []
    assert facts["trainees"][0]["id_number"] == "110105199001011234"
    facts, _ = read_case("agency", {"placements": [{"worker_id": "0012"}]})
    assert facts["placements"][0]["worker_id"] == "0012"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2020-07-15", dt.date(2020, 7, 15)),
        ("2020-7-5", dt.date(2020, 7, 5)),
        ("2020/07/15", dt.date(2020, 7, 15)),
        ("2020年6月30日", dt.date(2020, 6, 30)),
        (dt.date(2020, 6, 30), dt.date(2020, 6, 30)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_year_first(raw: Any, day: dt.date | None) -> None:
    assert read_date("申请日期", raw) == day


@pytest.mark.parametrize(
    "raw",
    ["15.07.2020", "20200715", "07/15/2020", "2020-02-30", "2020年6月30", "2020-06-30日", "2020-06",
     dt.datetime(2020, 6, 30, 8, 0), 20200715, D("2020.0715"), True, ["2020-06-30"]],
)
def test_other_dates_are_refused_not_guessed(raw: Any) -> None:
    with pytest.raises(FactError) as exc:
        read_date("申请日期", raw)
    assert exc.value.field == "申请日期"


def test_a_layoff_of_more_than_the_employees_is_an_error_on_the_layoffs() -> None:
    facts, errors = read_case("layoff", {"layoffs": 30, "employees": 20})
    assert facts["layoffs"] is None and facts["employees"] == 20
    assert [(e.key, e.message) for e in errors] == [("layoffs", "裁减人数 30 人超过职工总数 20 人")]


def test_check_kind_names_the_fact_for_forms() -> None:
    assert check_kind("training", {"trainees": [{"class_hours": "forty"}]}) == {
        "class_hours": "“forty”不是数字（只能含数字、正负号、小数点和指数，不能有千分位等分隔符）"
    }
    assert check_kind("back_payment", {"amount_due": "-1"}) == {"amount_due": "“-1”不能为负数"}
    assert check_kind("layoff", {"circumstance": "生产经营发生严重困难"}) == {}


# ---- no Django in the engine -------------------------------------------------------------------------


def test_no_module_of_the_engine_imports_django() -> None:
    root = Path(wengang.policy.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            offenders += [f"{path.relative_to(root)}:{node.lineno} {n}" for n in names if n.split(".")[0] == "django"]
    assert len(list(root.rglob("*.py"))) > 10
    assert offenders == []
