"""The ``wengang`` command line: explain, screen (with what-if), params."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.asserts import assert_shows
from tests.policy.test_screen_files import OP3_FIRM, _rows, _write_csv
from wengang.cli import main


def test_explain_prints_the_chinese_explanation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "firm.yaml"
    path.write_text(yaml.safe_dump(OP3_FIRM, allow_unicode=True), encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert_shows(
        out,
        "【OP3 一次性社会保险补贴】符合  金额 15,000.00 元",
        "[OP3.1(1)]",
        "2020年1–4月月均缴纳失业保险 48 人，不少于2019年月均 40 人（增长 20.00%）",
    )


def test_explain_json_for_machines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(OP3_FIRM), encoding="utf-8")
    assert main(["explain", str(path), "--json", "--on", "2020-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    op3 = next(r for r in data["results"] if r["policy"] == "OP3")
    assert op3["status"] == "eligible"
    assert op3["amount"] == "15000.00"
    assert data["on"] == "2020-06-01"


def test_explain_reports_unreadable_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "firm.yaml"
    path.write_text(yaml.safe_dump({**OP3_FIRM, "employees": "1,000"}, allow_unicode=True), encoding="utf-8")
    assert main(["explain", str(path)]) == 2
    captured = capsys.readouterr()
    assert "输入有误：从业人员" in captured.out
    assert "输入有误：从业人员：“1,000”不是数字" in captured.err


def test_screen_what_if_prints_the_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, _rows(2))
    assert main(["screen", str(source), "-o", str(output), "--set", "op3_rate_high=0.6"]) == 0
    out = capsys.readouterr().out
    assert "模拟与基线对比" in out
    # 2 firms × (60 % − 50 %) × 30,000.00 = +6,000.00
    op3 = next(line for line in out.splitlines() if line.startswith("OP3"))
    assert "+6,000.00" in op3
    assert "36,000.00" in op3
    assert (tmp_path / "out.baseline.csv").exists()


def test_screen_rejects_an_unknown_parameter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    _write_csv(source, _rows(1))
    assert main(["screen", str(source), "-o", str(tmp_path / "o.csv"), "--set", "nope=1"]) == 2
    assert "未知参数" in capsys.readouterr().err


def test_params_lists_value_period_source_and_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--on", "2020-05-01", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["min_wage_monthly"]["value"] == "2,200.00 元"
    assert rows["op2_layoff_rate_threshold"]["value"] == "5.2%"
    assert "ui_benefit_monthly" not in rows  # its only value is for 2019


def test_params_without_a_date_lists_every_dated_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    wages = [r for r in rows if r["name"] == "min_wage_monthly"]
    assert [(r["value"], r["start"], r["status"]) for r in wages] == [
        ("2,200.00 元", "2019-07-01", "sourced"),
        ("2,320.00 元", "2021-08-01", "unconfirmed"),
    ]
    benefit = next(r for r in rows if r["name"] == "ui_benefit_monthly")
    assert (benefit["value"], benefit["status"]) == ("1,600.00 元", "unconfirmed")


def test_a_screening_process_tunes_the_allocator_before_polars_loads_and_keeps_a_given_setting() -> None:
    import os
    import subprocess
    import sys

    from wengang.cli import BATCH_MALLOC_CONF

    script = (
        "import os, sys; from wengang.cli import batch_allocator; assert 'polars' not in sys.modules; "
        "batch_allocator(); import polars; print(os.environ.get('_RJEM_MALLOC_CONF'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    # Polars puts its own defaults first; the later settings win
    assert out.stdout.strip().endswith("," + BATCH_MALLOC_CONF)
    env["_RJEM_MALLOC_CONF"] = "narenas:2"
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith(",narenas:2")
