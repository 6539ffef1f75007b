"""Dated parameters: lookup by date, provisional values, overrides, and malformed files."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from wengang.policy import explain
from wengang.policy.params import ParameterError, load_parameters, parse_overrides, parse_value, resolve

D = Decimal
OP3_FIRM = {
    "industry_code": "I65",
    "employees": 50,
    "revenue_2019": "8000000",
    "total_assets": "5000000",
    "state_owned": False,
    "restricted_catalogue": False,
    "priority_zone": True,
    "high_tech_industry": False,
    "ui_payers_2019_avg": 10,
    "ui_payers_2020_01": 10,
    "ui_payers_2020_02": 10,
    "ui_payers_2020_03": 10,
    "ui_payers_2020_04": 10,
    "employer_contrib_2020_02": "100000",
    "employer_contrib_2020_03": "100000",
    "employer_contrib_2020_04": "100000",
}


# ---- lookup by date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "value", "status"),
    [
        (dt.date(2019, 7, 1), D(2200), "sourced"),
        (dt.date(2020, 5, 1), D(2200), "sourced"),
        (dt.date(2021, 7, 31), D(2200), "sourced"),
        (dt.date(2021, 8, 1), D(2320), "unconfirmed"),
        (dt.date(2030, 1, 1), D(2320), "unconfirmed"),
    ],
)
def test_minimum_wage_by_date(on: dt.date, value: Decimal, status: str) -> None:
    resolved = resolve(["min_wage_monthly"], on)
    assert resolved.values["min_wage_monthly"] == value
    used = resolved.used["min_wage_monthly"]
    assert used.status == status
    assert used.provisional is (status == "unconfirmed")


def test_no_value_before_the_first_period() -> None:
    with pytest.raises(ParameterError, match="min_wage_monthly"):
        resolve(["min_wage_monthly"], dt.date(2019, 6, 30))


def test_a_pinned_key_ignores_the_decision_date() -> None:
    resolved = resolve(["ui_benefit_monthly@2019-12-31"], dt.date(2020, 5, 1))
    assert resolved.values["ui_benefit_monthly@2019-12-31"] == D(1600)


def test_average_wage_changes_with_the_contribution_year() -> None:
    assert resolve(["avg_wage_base_monthly"], dt.date(2020, 6, 30)).values["avg_wage_base_monthly"] == D(7855)
    assert resolve(["avg_wage_base_monthly"], dt.date(2020, 7, 1)).values["avg_wage_base_monthly"] == D(8847)


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(ParameterError, match="no_such"):
        resolve(["no_such"], dt.date(2020, 5, 1))


def test_whole_units_are_integers_and_rates_are_decimals() -> None:
    params = load_parameters()
    on = dt.date(2020, 5, 1)
    assert params["op2_refund_months"].at(on).value == 6
    assert type(params["op2_refund_months"].at(on).value) is int
    assert params["op2_layoff_rate_threshold"].at(on).value == D("0.052")
    assert params["op3_cap_per_person"].at(on).value == D(6315)
    assert params["i2_deadline"].at(on).value == dt.date(2020, 3, 31)
    assert params["late_fee_daily_rate"].at(on).value == D("0.0005")


def test_every_parameter_has_a_source_and_a_clause() -> None:
    for param in load_parameters().values():
        assert param.clause and param.label
        for value in param.values:
            assert value.source
            assert value.status in ("confirmed", "sourced", "unconfirmed")


# ---- provisional decisions -------------------------------------------------------------------


def test_a_decision_reading_an_unconfirmed_value_is_provisional() -> None:
    firm = {
        "insured_2018_12": 100,
        "insured_2019_12": 98,
        "attrition_2019": 0,
        "ui_paid_months": 24,
        "serious_dishonesty": False,
        "profit_tax_2018": "1000000",
        "profit_tax_2019": "400000",
        "profit_2019q1": "1",
        "profit_2019q2": "-1",
        "profit_2019q3": "-1",
        "profit_2019q4": "1",
        "profit_2020q1": "-1",
        "stabilisation_measures": True,
        "ui_payers_2020_04": 95,
    }
    result = explain(firm).result("OP2")
    assert result.status == "eligible" and result.amount == D("912000.00")
    assert result.provisional
    [benefit] = [p for p in result.parameters if p.name == "ui_benefit_monthly"]
    assert benefit.status == "unconfirmed" and benefit.value == D(1600)
    assert "待核实" in explain(firm).to_text()


def test_an_ineligible_decision_does_not_depend_on_the_amount_parameters() -> None:
    result = explain({"ui_paid_months": 3}).result("OP2")
    assert result.status == "ineligible"
    assert not result.provisional


def test_a_decision_on_confirmed_values_is_not_provisional() -> None:
    result = explain(OP3_FIRM).result("OP3")
    assert result.status == "eligible" and result.amount == D("63150.00")
    assert not result.provisional


# ---- overrides (what-if) ---------------------------------------------------------------------


def test_override_changes_the_amount_and_marks_it_provisional() -> None:
    result = explain(OP3_FIRM, overrides={"op3_cap_per_person": D(7000)}).result("OP3")
    assert result.amount == D("70000.00")  # 7,000 × 10, below 30 % × 300,000
    assert result.provisional
    [cap] = [p for p in result.parameters if p.name == "op3_cap_per_person"]
    assert cap.status == "override"
    # the override does not leak into later decisions
    assert explain(OP3_FIRM).result("OP3").amount == D("63150.00")


def test_parse_overrides() -> None:
    assert parse_overrides(["op3_rate_low=0.35", " op1_max_years_hard = 6 "]) == {
        "op3_rate_low": D("0.35"),
        "op1_max_years_hard": 6,
    }
    with pytest.raises(ParameterError, match="未知参数"):
        parse_overrides(["nope=1"])
    with pytest.raises(ParameterError, match="未知参数"):
        parse_overrides(["op3_rate_low"])
    with pytest.raises(ParameterError, match="整数"):
        parse_overrides(["op1_max_years_hard=5.5"])
    with pytest.raises(ParameterError, match="不是数字"):
        parse_overrides(["op3_rate_low=三成"])


def test_parse_value() -> None:
    assert parse_value("0.052", "ratio", "x") == D("0.052")
    assert parse_value("2020-04-01", "date", "x") == dt.date(2020, 4, 1)
    with pytest.raises(ParameterError, match="字符串"):
        parse_value(0.052, "ratio", "x")
    with pytest.raises(ParameterError, match="日期"):
        parse_value("2020-13-01", "date", "x")
    with pytest.raises(ParameterError, match="有限"):
        parse_value("NaN", "yuan", "x")


# ---- parameter files ---------------------------------------------------------------------------


def _files(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


GOOD = """
    _defaults: {source: 测试来源, status: confirmed, start: 2020-01-01}
    rate: {label: 比例, unit: ratio, clause: T1, value: "0.5"}
    wage:
      label: 工资
      unit: yuan
      clause: T2
      values:
        - {start: 2019-07-01, end: 2020-06-30, value: "100", status: sourced, source: 甲}
        - {start: 2020-07-01, value: "120", status: unconfirmed, source: 乙}
"""


def test_a_good_file(tmp_path: Path) -> None:
    params = load_parameters(_files(tmp_path, good=GOOD))
    assert params["rate"].at(dt.date(2020, 1, 1)).value == D("0.5")
    assert params["wage"].at(dt.date(2020, 6, 30)).value == D(100)
    assert params["wage"].at(dt.date(2020, 7, 1)).status == "unconfirmed"
    with pytest.raises(ParameterError):
        params["rate"].at(dt.date(2019, 12, 31))


def test_the_latest_start_wins_when_periods_overlap(tmp_path: Path) -> None:
    text = """
        wage:
          label: 工资
          unit: yuan
          clause: T2
          values:
            - {start: 2019-01-01, value: "100", status: sourced, source: 甲}
            - {start: 2020-01-01, value: "120", status: sourced, source: 乙}
    """
    params = load_parameters(_files(tmp_path, overlap=text))
    assert params["wage"].at(dt.date(2019, 6, 1)).value == D(100)
    assert params["wage"].at(dt.date(2020, 6, 1)).value == D(120)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('x: {label: 甲, unit: ratio, clause: T, value: "0.5", start: 2020-01-01, status: confirmed}', "缺少来源"),
        ('x: {label: 甲, unit: ratio, clause: T, value: "0.5", start: 2020-01-01, source: s, status: sure}', "状态"),
        (
            "x: {label: 甲, unit: ratio, clause: T, value: 0.5, start: 2020-01-01, source: s, status: confirmed}",
            "字符串",
        ),
        (
            'x: {label: 甲, unit: ratio, clause: T, value: "五成", start: 2020-01-01, source: s, status: confirmed}',
            "不是数字",
        ),
        (
            'x: {label: 甲, unit: months, clause: T, value: "6.5", start: 2020-01-01, source: s, status: confirmed}',
            "整数",
        ),
        (
            'x: {label: 甲, unit: ratio, clause: T, value: "0.5", start: 2020-02-30, source: s, status: confirmed}',
            "日期",
        ),
        (
            'x: {label: 甲, unit: date, clause: T, value: "2020-13-01", start: 2020-01-01, source: s, status: confirmed}',
            "日期",
        ),
    ],
)
def test_bad_parameter_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        load_parameters(_files(tmp_path, bad=text))


def test_a_file_that_is_not_yaml_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="broken.yaml"):
        load_parameters(_files(tmp_path, broken="x: {label: 甲, unit: ratio"))


def test_a_name_defined_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="重复"):
        load_parameters(_files(tmp_path, a=GOOD, b=GOOD))
