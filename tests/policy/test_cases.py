"""Every YAML case of ``wengang/policy/cases`` — single case, and for enterprises the batch path too."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.asserts import assert_shows
from wengang.policy import explain
from wengang.policy.casefile import (
    BatchRow,
    Case,
    CaseFileError,
    CaseResult,
    case_files,
    compare_batch,
    load_all,
    load_cases,
    main,
    run_case,
    run_cases,
    screen_rows,
)
from wengang.policy.kinds import Kind, kinds

CASES = load_all()


@cache
def _results() -> dict[str, CaseResult]:
    # one run for the whole module: enterprise cases are screened together in a few extracts
    return {r.case.id: r for r in run_cases(CASES)}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    result = _results()[case.id]
    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


def test_every_case_file_has_cases() -> None:
    names = {p.stem for p in case_files()}
    assert names >= {"op1", "op2", "op3", "op4", "op5", "op6", "n14", "layoff", "deferral"}
    for stem in names:
        assert any(c.file == stem for c in CASES), stem


@pytest.mark.parametrize("kind", list(kinds().values()), ids=list(kinds()))
def test_every_kind_has_cases_in_the_files_it_names(kind: Kind) -> None:
    names = {p.stem for p in case_files()}
    assert kind.case_files and set(kind.case_files) <= names
    assert {c.file for c in CASES if c.kind == kind.name} == set(kind.case_files)


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_enterprise_cases_go_through_the_batch_path() -> None:
    enterprise = [c for c in CASES if c.kind == "enterprise"]
    assert len(enterprise) > 100
    rows = screen_rows([enterprise[0].facts])
    assert rows[0].values is not None
    assert set(rows[0].values) >= {"op2_eligible", "op3_amount", "i3_unmet", "amount_total"}


# ---- the runner itself -----------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "sample.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


SAMPLE = """
    bases:
      firm: {local_rural_workers: 30}
    cases:
      - name: 三十人
        clause: N14
        base: firm
        expect:
          N14: {status: eligible, amount: "100000.00"}
"""


def test_a_passing_case(tmp_path: Path) -> None:
    [case] = load_cases(_write(tmp_path, SAMPLE))
    assert case.id == "sample:三十人"
    assert case.facts == {"local_rural_workers": 30}
    result = run_case(case)
    assert result.passed, result.report()
    assert result.report().startswith("✓ sample:三十人")


def test_a_wrong_expectation_is_reported_in_both_languages(tmp_path: Path) -> None:
    text = SAMPLE.replace('amount: "100000.00"', 'amount: "90000.00", unmet: [N14]').replace("eligible", "unknown")
    [case] = load_cases(_write(tmp_path, text))
    result = run_case(case)
    assert not result.passed
    report = result.report()
    assert report.startswith("✗ sample:三十人 [N14]")
    assert_shows(
        report,
        '金额 amount：期望 expected "90000.00"，实际 actual "100000.00"',
        "状态 status：期望 expected unknown（待定），实际 actual eligible（符合）",
        "未满足条款 unmet：期望 expected ['N14']，实际 actual []",
    )


def test_a_batch_disagreement_is_reported() -> None:
    expl = explain({"local_rural_workers": 30})
    [row] = screen_rows([{"local_rural_workers": 30}])
    assert row.values is not None
    assert compare_batch(expl, row) == []
    wrong = BatchRow({**row.values, "n14_eligible": False, "n14_amount": Decimal("0.00"), "n14_unmet": "N14"})
    diffs = compare_batch(expl, wrong)
    assert "批量 batch N14 eligible：单案 single True，批量 batch False" in diffs
    assert any("N14 amount" in d for d in diffs)
    assert any("N14 unmet" in d for d in diffs)
    assert compare_batch(expl, BatchRow(None, ("uscc：bad",)))[0].startswith("批量 batch：该行被退回")


def test_bad_input_must_be_rejected_by_both_paths(tmp_path: Path) -> None:
    text = """
        cases:
          - name: 千分位
            clause: OP3.1(2)
            facts: {employees: "1,000"}
            expect:
              errors: [从业人员]
              OP3: {status: unknown}
    """
    [case] = load_cases(_write(tmp_path, text))
    result = run_case(case)
    assert result.passed, result.report()
    [row] = screen_rows([case.facts])
    assert row.values is None and row.rejected


def test_numbers_are_exact_and_on_is_a_key(tmp_path: Path) -> None:
    text = """
        cases:
          - name: 精确
            clause: I4
            kind: back_payment
            on: 2020-05-01
            facts: {deadline: 2020-03-31, paid_on: 2020-04-03, amount_due: 12345.67}
            expect:
              I4: {amount: "18.52"}
    """
    [case] = load_cases(_write(tmp_path, text))
    assert case.on == dt.date(2020, 5, 1)
    assert case.facts["amount_due"] == Decimal("12345.67")
    assert run_case(case).passed


def test_repeat_expands_lists(tmp_path: Path) -> None:
    text = """
        cases:
          - name: 名单
            clause: OP4.2
            kind: agency
            facts:
              placements:
                - {repeat: 3, start: 7, item: {worker_id: "W{i}", note: "第{i}人"}}
                - {worker_id: X}
            expect:
              OP4: {status: ineligible}
    """
    [case] = load_cases(_write(tmp_path, text))
    assert case.facts["placements"] == [
        {"worker_id": "W7", "note": "第7人"},
        {"worker_id": "W8", "note": "第8人"},
        {"worker_id": "W9", "note": "第9人"},
        {"worker_id": "X"},
    ]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("expect: {N14: {amount: 100000.00}}", "两位小数的字符串"),
        ("expect: {N14: {status: yes}}", "status"),
        ("expect: {OP1: {status: eligible}}", "不是 enterprise 案例的政策"),
        ("expect: {N14: {conditions: {n14.nope: met}}}", "未知的条件编号"),
        ("expect: {N14: {colour: red}}", "未知的期望项"),
        ("base: nobody\n        expect: {N14: {status: eligible}}", "未定义的 base"),
        ("kind: robot\n        expect: {N14: {status: eligible}}", "kind"),
        ("variant: lenient\n        expect: {N14: {status: eligible}}", "variant"),
        ("overrides: {no_such: 1}\n        expect: {N14: {status: eligible}}", "未知参数"),
        ("facts: {x: 1}", "缺少 expect"),
    ],
)
def test_bad_case_files_are_refused(tmp_path: Path, snippet: str, message: str) -> None:
    text = f"""
    cases:
      - name: 坏案例
        clause: N14
        {snippet}
    """
    with pytest.raises(CaseFileError, match=message):
        load_cases(_write(tmp_path, text))


def test_duplicate_names_and_bad_yaml_are_refused(tmp_path: Path) -> None:
    dup = SAMPLE + textwrap.indent(SAMPLE.split("cases:\n")[1], "")
    with pytest.raises(CaseFileError, match="重复"):
        load_cases(_write(tmp_path, dup))
    with pytest.raises(CaseFileError, match="YAML"):
        load_cases(_write(tmp_path, "cases: [ {name: x", "broken.yaml"))


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, SAMPLE)
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "✓ sample:三十人" in out and "1 通过 passed，0 未通过 failed" in out
    assert main([str(_write(tmp_path, SAMPLE.replace("eligible", "ineligible"), "bad.yaml")), "-q"]) == 1
