"""Loading the registry extract into organisations: the service, the command and the admin upload."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wengang.policy.fields import ENTERPRISE_FIELDS
from wengang.policy.screen import ScreenError
from wengang.registry.models import Organisation, Street
from wengang.registry.services import match_street, registry_import_extract

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/examples/registry_sample.csv")
AS_OF = dt.date(2020, 4, 30)
FIRST = "91110105000021HP7G"  # 北京新信资本管理有限公司, 和平街


def sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_it_imports_the_sample_extract():
    result = registry_import_extract(path_or_frame=SAMPLE, as_of=AS_OF)
    assert (result.created, result.updated, result.rejected) == (30, 0, 0)
    assert result.rejects == [] and result.unknown_streets == []
    assert Organisation.objects.count() == 30
    assert Organisation.objects.filter(street__isnull=True).count() == 0
    org = Organisation.objects.get(uscc=FIRST)
    assert org.name == "北京新信资本管理有限公司"
    assert org.street == Street.objects.get(name="和平街")
    assert org.industry_code == "J67"
    assert org.kind == "enterprise" and org.key_category == ""
    assert org.facts_as_of == AS_OF
    assert org.facts["employees"] == "4"
    assert org.facts["revenue_2019"] == "6968328.4"
    assert org.facts["state_owned"] == "false"
    assert set(org.facts) == {f.name for f in ENTERPRISE_FIELDS}


def test_a_second_import_updates_and_creates_nothing():
    registry_import_extract(path_or_frame=SAMPLE, as_of=AS_OF)
    Organisation.objects.filter(uscc=FIRST).update(name="旧名称", kind="agency", key_category="epidemic")
    result = registry_import_extract(path_or_frame=SAMPLE, as_of=dt.date(2020, 5, 31))
    assert (result.created, result.updated, result.rejected) == (0, 30, 0)
    assert Organisation.objects.count() == 30
    org = Organisation.objects.get(uscc=FIRST)
    assert org.name == "北京新信资本管理有限公司"
    assert org.facts_as_of == dt.date(2020, 5, 31)
    # set by hand, never by the extract
    assert org.kind == "agency" and org.key_category == "epidemic"


def test_a_bad_row_is_reported_and_the_rest_imported(tmp_path):
    header, rows = sample_rows()
    rows[2]["uscc"] = rows[2]["uscc"][:17] + ("0" if rows[2]["uscc"][17] != "0" else "1")
    rows[4]["employees"] = "-3"
    rows[6]["state_owned"] = "maybe"
    rows[6]["industry_code"] = "52"
    result = registry_import_extract(path_or_frame=write_csv(tmp_path / "bad.csv", header, rows), as_of=AS_OF)
    assert (result.created, result.updated, result.rejected) == (27, 0, 3)
    assert Organisation.objects.count() == 27
    problems = [(r.row, r.line, r.column, r.value, r.reason) for r in result.rejects]
    assert (3, 4, "uscc", rows[2]["uscc"], "不是有效的统一社会信用代码（长度、字符或校验位不符）") in problems
    assert (5, 6, "employees", "-3", "不能为负数") in problems
    assert {(r.row, r.column) for r in result.rejects if r.row == 7} == {(7, "state_owned"), (7, "industry_code")}
    assert not Organisation.objects.filter(name=rows[4]["name"]).exists()


def test_a_duplicate_code_keeps_the_first_row(tmp_path):
    header, rows = sample_rows()
    rows[5]["uscc"] = rows[0]["uscc"]
    result = registry_import_extract(path_or_frame=write_csv(tmp_path / "dup.csv", header, rows), as_of=AS_OF)
    assert (result.created, result.rejected) == (29, 1)
    assert result.rejects[0].row == 6 and result.rejects[0].reason == "统一社会信用代码与前面已接受的行重复"
    assert Organisation.objects.get(uscc=FIRST).name == rows[0]["name"]


def test_a_row_without_a_name_is_rejected(tmp_path):
    header, rows = sample_rows()
    rows[1]["name"] = "  "
    result = registry_import_extract(path_or_frame=write_csv(tmp_path / "noname.csv", header, rows), as_of=AS_OF)
    assert result.created == 29
    assert [(r.row, r.column, r.reason) for r in result.rejects] == [(2, "name", "缺少单位名称")]


def test_empty_cells_are_left_out_of_the_facts(tmp_path):
    header, rows = sample_rows()
    rows[0]["employees"] = ""
    rows[0]["profit_2020q1"] = " "
    registry_import_extract(path_or_frame=write_csv(tmp_path / "gaps.csv", header, rows[:1]), as_of=AS_OF)
    facts = Organisation.objects.get(uscc=FIRST).facts
    assert "employees" not in facts and "profit_2020q1" not in facts
    assert facts["ui_paid_months"] == "19"


def test_a_street_outside_chaoyang_leaves_the_street_empty(tmp_path):
    header, rows = sample_rows()
    rows[0]["street"] = "中关村"
    result = registry_import_extract(path_or_frame=write_csv(tmp_path / "street.csv", header, rows[:1]), as_of=AS_OF)
    assert result.unknown_streets == ["中关村"]
    org = Organisation.objects.get(uscc=FIRST)
    assert org.street is None and org.facts["street"] == "中关村"


def test_street_names_match_with_or_without_the_office_suffix():
    streets = {s.name: s for s in Street.objects.all()}
    assert len(streets) == 43
    assert match_street("南磨房地区", streets) == streets["南磨房"]
    assert match_street("和平街街道办事处", streets) == streets["和平街"]
    assert match_street("海淀", streets) is None


def test_it_reads_excel_with_chinese_headers(tmp_path):
    from openpyxl import Workbook

    labels = {f.name: f.label for f in ENTERPRISE_FIELDS}
    header, rows = sample_rows()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([labels.get(h, h) for h in header])
    for row in rows[:3]:
        ws.append([row[h] for h in header])
    wb.save(tmp_path / "extract.xlsx")
    result = registry_import_extract(path_or_frame=tmp_path / "extract.xlsx", as_of=AS_OF)
    assert (result.created, result.rejected) == (3, 0)
    assert Organisation.objects.get(uscc=FIRST).facts["employees"] == "4"


def test_it_reads_parquet_with_typed_columns(tmp_path):
    frame = pl.read_csv(SAMPLE).head(2)  # typed: booleans, integers, floats
    frame.write_parquet(tmp_path / "extract.parquet")
    result = registry_import_extract(path_or_frame=tmp_path / "extract.parquet", as_of=AS_OF)
    assert result.created == 2
    facts = Organisation.objects.get(uscc=FIRST).facts
    assert facts["state_owned"] == "false" and facts["employees"] == "4" and facts["revenue_2019"] == "6968328.4"


def test_it_accepts_a_data_frame():
    result = registry_import_extract(path_or_frame=pl.read_csv(SAMPLE, infer_schema=False), as_of=AS_OF)
    assert result.created == 30


def test_an_unreadable_file_is_an_error(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ScreenError):
        registry_import_extract(path_or_frame=tmp_path / "x.txt", as_of=AS_OF)
    assert Organisation.objects.count() == 0


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    header, rows = sample_rows()
    registry_import_extract(path_or_frame=write_csv(tmp_path / "most.csv", header, rows[1:]), as_of=AS_OF)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # the new organisation is written first; the updates then fail
    monkeypatch.setattr(Organisation.objects, "bulk_update", fail)
    with pytest.raises(RuntimeError):
        registry_import_extract(path_or_frame=SAMPLE, as_of=dt.date(2020, 5, 31))
    assert Organisation.objects.count() == 29
    assert not Organisation.objects.filter(uscc=FIRST).exists()


# ---- the command -----------------------------------------------------------------------


def test_the_command_prints_the_counts_in_chinese(tmp_path):
    out = io.StringIO()
    call_command("import_registry", str(SAMPLE), "--as-of", "2020-04-30", stdout=out)
    assert out.getvalue().splitlines()[0] == "导入完成（登记数据日期 2020-04-30）：新建 30 家，更新 0 家，拒收 0 行。"
    header, rows = sample_rows()
    rows[4]["employees"] = "-3"
    out = io.StringIO()
    call_command(
        "import_registry", str(write_csv(tmp_path / "bad.csv", header, rows)), "--as-of", "2020-05-31", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "导入完成（登记数据日期 2020-05-31）：新建 0 家，更新 29 家，拒收 1 行。"
    assert lines[1] == "  第 5 行（文件第 6 行）employees“-3”：不能为负数"


def test_the_command_refuses_a_missing_file_and_a_bad_date(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_registry", str(tmp_path / "none.csv"))
    with pytest.raises(CommandError, match="日期"):
        call_command("import_registry", str(SAMPLE), "--as-of", "30/4/2020")


def test_the_command_uses_the_service_date_by_default(settings):
    settings.WENGANG_TODAY = "2020-06-01"
    call_command("import_registry", str(SAMPLE), stdout=io.StringIO())
    assert Organisation.objects.get(uscc=FIRST).facts_as_of == dt.date(2020, 6, 1)


# ---- hostile and odd files (issue 8, findings 8, 9, 11, 12) ---------------------------------


def test_an_html_page_named_xlsx_is_refused_in_chinese(tmp_path):
    # was an uncaught zipfile.BadZipFile
    path = tmp_path / "extract.xlsx"
    path.write_bytes(b"<html><body>export</body></html>")
    with pytest.raises(ScreenError, match=r"无法读取 extract\.xlsx：文件不是 Excel（\.xlsx）格式"):
        registry_import_extract(path_or_frame=path, as_of=AS_OF)


def test_a_zip_without_content_types_is_refused_in_chinese(tmp_path):
    # was an uncaught KeyError from openpyxl
    from tests.xlsx_bombs import workbook

    path = tmp_path / "extract.xlsx"
    path.write_bytes(workbook([["uscc", "name"], [FIRST, "某公司"]], content_types=False))
    with pytest.raises(ScreenError, match=r"文件不是 Excel（\.xlsx）格式"):
        registry_import_extract(path_or_frame=path, as_of=AS_OF)


def test_a_row_bomb_is_refused_in_well_under_a_second(tmp_path):
    # a 424 KB file of blank rows held the registry import for 64 s
    import time

    from tests.xlsx_bombs import workbook

    path = tmp_path / "extract.xlsx"
    path.write_bytes(workbook([["uscc", "name"], [FIRST, "某公司"]], blank_rows=10_000_000))
    start = time.monotonic()
    with pytest.raises(ScreenError, match="文件解压后异常膨胀"):
        registry_import_extract(path_or_frame=path, as_of=AS_OF)
    assert time.monotonic() - start < 2
    assert Organisation.objects.count() == 0


def test_an_xlsx_extract_is_still_read(tmp_path):
    from tests.xlsx_bombs import workbook

    header, rows = sample_rows()
    path = tmp_path / "extract.xlsx"
    path.write_bytes(workbook([header] + [[r[h] for h in header] for r in rows[:3]]))
    result = registry_import_extract(path_or_frame=path, as_of=AS_OF)
    assert (result.created, result.rejected) == (3, 0)
    assert Organisation.objects.get(uscc=FIRST).name == "北京新信资本管理有限公司"


def test_a_nul_character_in_a_csv_rejects_that_row_only(tmp_path):
    # was DataError on PostgreSQL ("A string literal cannot contain NUL")
    header, rows = sample_rows()
    rows[0]["name"] = "北京新信\x00资本管理有限公司"
    result = registry_import_extract(path_or_frame=write_csv(tmp_path / "nul.csv", header, rows), as_of=AS_OF)
    assert (result.created, result.rejected) == (29, 1)
    reject = result.rejects[0]
    assert (reject.row, reject.column, reject.value) == (1, "name", "北京新信资本管理有限公司")
    assert "空字符（NUL）" in reject.reason
    assert not Organisation.objects.filter(uscc=FIRST).exists()


def test_a_gbk_csv_from_excel_is_read_as_gb18030_and_says_so(tmp_path):
    header, rows = sample_rows()
    path = tmp_path / "gbk.csv"
    with path.open("w", encoding="gbk", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    result = registry_import_extract(path_or_frame=path, as_of=AS_OF)
    assert (result.created, result.rejected, result.encoding) == (30, 0, "GB18030")
    assert Organisation.objects.get(uscc=FIRST).name == "北京新信资本管理有限公司"
    assert registry_import_extract(path_or_frame=SAMPLE, as_of=AS_OF).encoding == "UTF-8"


def test_a_csv_in_no_known_encoding_is_refused_clearly(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"uscc,name\n" + bytes(range(0x80, 0x100)) * 4)
    with pytest.raises(ScreenError, match="无法识别 odd.csv 的文字编码"):
        registry_import_extract(path_or_frame=path, as_of=AS_OF)
