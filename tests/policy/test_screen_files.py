"""Screening files: formats in and out, rejects with reasons, chunking, the output contract."""

from __future__ import annotations

import csv
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from tests.facts import OP3_FACTS
from wengang.policy import screen, screen_file
from wengang.policy.fields import ENTERPRISE_FIELDS

HEADER = [f.name for f in ENTERPRISE_FIELDS]
CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_screen_output.py"

# An SME retailer whose OP3 subsidy is 50 % (growth exactly 20 %) of 30,000.00.
OP3_FIRM = {
    "uscc": "91110105000021HP7G",
    "name": "北京示例商贸有限公司",
    "street": "望京",
    **OP3_FACTS,
    "revenue_2019": "3000000",
    "total_assets": "1000000",
    "restricted_catalogue": "否",
    "priority_zone": "是",
    "high_tech_industry": "no",
    "arrears_before_2019_12": "false",
}


def _code(first17: str) -> str:
    from wengang.policy.fields import uscc_check_char

    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def _rows(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        row = dict(OP3_FIRM)
        row["uscc"] = _code(f"911101050{i:08d}")
        row["name"] = f"示例企业{i}"
        out.append(row)
    return out


def _write_csv(path: Path, rows: list[dict[str, str]], bom: bool = False, extra: str | None = None) -> None:
    fields = list(rows[0])
    if extra:
        fields.append(extra)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        for i, row in enumerate(rows):
            writer.writerow({**row, **({extra: f"备注{i}"} if extra else {})})


def _check_contract(output: Path, source: Path | None = None) -> None:
    if not CHECKER.exists():
        pytest.skip("shared/tools/check_screen_output.py not present")
    spec = importlib.util.spec_from_file_location("check_screen_output", CHECKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = [str(output)] + ([str(source)] if source else [])
    assert module.main(*args) == 0


def test_it_screens_a_csv_with_bom_and_keeps_extra_columns(tmp_path: Path) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, _rows(3), bom=True, extra="内部编号")
    summary = screen_file(source, output)
    out = pl.read_csv(output, infer_schema=False)
    assert out.columns[:4] == ["uscc", "name", "street", "内部编号"]
    assert out["op3_eligible"].to_list() == ["true"] * 3
    assert out["op3_amount"].to_list() == ["15000.00"] * 3
    assert out["amount_total"].to_list() == ["15000.00"] * 3
    assert summary.eligible["OP3"] == 3
    assert summary.amount["OP3"] == Decimal("45000.00")
    _check_contract(output, source)


def test_it_accepts_chinese_headers(tmp_path: Path) -> None:
    labels = {f.name: f.label for f in ENTERPRISE_FIELDS}
    rows = [{labels[k]: v for k, v in row.items()} for row in _rows(2)]
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, rows)
    screen_file(source, output)
    out = pl.read_csv(output, infer_schema=False)
    assert out["op3_amount"].to_list() == ["15000.00", "15000.00"]


def test_it_rejects_bad_rows_with_row_column_and_reason(tmp_path: Path) -> None:
    rows = _rows(6)
    rows[1]["employees"] = "1,000"
    rows[2]["uscc"] = rows[2]["uscc"][:-1] + ("0" if rows[2]["uscc"][-1] != "0" else "1")
    rows[3]["state_owned"] = "maybe"
    rows[4]["ui_payers_2020_01"] = "-1"
    rows[5]["uscc"] = rows[0]["uscc"]  # duplicate of an accepted row
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, rows)
    summary = screen_file(source, output)
    rejects = pl.read_csv(tmp_path / "out.rejects.csv", infer_schema=False)
    assert rejects.select("row", "column").rows() == [
        ("2", "employees"),
        ("3", "uscc"),
        ("4", "state_owned"),
        ("5", "ui_payers_2020_01"),
        ("6", "uscc"),
    ]
    reasons = rejects["reason"].to_list()
    assert "不是数字" in reasons[0]
    assert "校验位" in reasons[1]
    assert "是/否" in reasons[2]
    assert "负数" in reasons[3]
    assert "重复" in reasons[4]
    assert summary.accepted == 1 and summary.rejected_rows == 5
    out = pl.read_csv(output, infer_schema=False)
    assert out["uscc"].to_list() == [rows[0]["uscc"]]


def test_a_duplicate_of_a_rejected_row_is_kept(tmp_path: Path) -> None:
    rows = _rows(2)
    rows[0]["employees"] = "abc"
    rows[1]["uscc"] = rows[0]["uscc"]
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, rows)
    screen_file(source, output)
    out = pl.read_csv(output, infer_schema=False)
    assert out["uscc"].to_list() == [rows[0]["uscc"]]


def test_parquet_in_chunks_gives_the_same_result_as_one_pass(tmp_path: Path) -> None:
    rows = _rows(7)
    rows[3]["uscc"] = rows[1]["uscc"]  # duplicate across chunks of 2
    rows[5]["industry_code"] = "5F2"
    df = pl.DataFrame(rows)
    source = tmp_path / "in.parquet"
    df.write_parquet(source)
    whole, chunked = tmp_path / "whole.parquet", tmp_path / "chunked.parquet"
    screen_file(source, whole)
    screen_file(source, chunked, chunk_rows=2)
    assert pl.read_parquet(whole).equals(pl.read_parquet(chunked))
    assert (tmp_path / "whole.rejects.csv").read_text() == (tmp_path / "chunked.rejects.csv").read_text()
    assert pl.read_parquet(whole).height == 5


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    rows = _rows(2)
    ws.append(list(rows[0]))
    for row in rows:
        ws.append([int(v) if v.isdigit() and k != "uscc" else v for k, v in row.items()])
    source, output = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb.save(source)
    screen_file(source, output)
    sheet = load_workbook(output).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert values[1][header.index("op3_amount")] == "15000.00"
    assert values[1][header.index("op3_eligible")] == "true"


def test_meta_file_records_parameters_and_provisional_values(tmp_path: Path) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, _rows(1))
    screen_file(source, output, overrides={"op3_cap_per_person": Decimal("100")})
    meta = json.loads((tmp_path / "out.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["overrides"] == {"op3_cap_per_person": "100"}
    assert "op3_cap_per_person" in meta["summary"]["provisional"]
    out = pl.read_csv(output, infer_schema=False)
    # the cap now binds: 100 × mean Feb–Apr headcount 48 = 4,800.00
    assert out["op3_amount"].to_list() == ["4800.00"]


def test_screen_in_memory_returns_output_and_rejects() -> None:
    rows = _rows(2)
    rows[1]["employees"] = "-3"
    result = screen(pl.DataFrame(rows))
    assert result.output.height == 1
    assert result.rejects["column"].to_list() == ["employees"]


def test_unknown_inputs_give_empty_eligibility_and_amount(tmp_path: Path) -> None:
    row = dict(OP3_FIRM)
    row["ui_payers_2020_03"] = ""
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, [row])
    screen_file(source, output)
    out = pl.read_csv(output, infer_schema=False)
    assert out["op3_eligible"].to_list() == [None]
    assert out["op3_amount"].to_list() == [None]
    assert out["amount_total"].to_list() == ["0.00"]
    _check_contract(output, source)


def test_a_missing_uscc_column_stops_the_run_with_a_message(tmp_path: Path) -> None:
    from wengang.policy.screen import ScreenError

    source = tmp_path / "in.csv"
    source.write_text("name,street\n甲,望京\n", encoding="utf-8")
    with pytest.raises(ScreenError, match="缺少必需的列"):
        screen_file(source, tmp_path / "out.csv")
