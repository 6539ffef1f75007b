"""The guarded opener for uploaded workbooks (issue 8, findings 8, 11 and 12): hostile files are
refused from the zip directory, before openpyxl unpacks anything."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from tests.xlsx_bombs import workbook, zeros_bomb
from wengang.policy.workbook import Limits, WorkbookError, open_workbook, sheet_rows

LIMITS = Limits(max_rows=1000, max_shared_strings=1000)


def read(data: bytes, limits: Limits = LIMITS) -> list[tuple[int, tuple[object, ...]]]:
    book = open_workbook(data, limits)
    try:
        return list(sheet_rows(book.worksheets[0], limits))
    finally:
        book.close()


def test_a_plain_workbook_is_read_with_row_numbers():
    assert read(workbook([["姓名", "岗位"], ["张三", "装配工"]])) == [(1, ("姓名", "岗位")), (2, ("张三", "装配工"))]


def test_an_html_page_named_xlsx_is_not_a_workbook():
    with pytest.raises(WorkbookError, match=r"文件不是 Excel（\.xlsx）格式"):
        read(b"<html><body>not a workbook</body></html>")


def test_an_old_xls_or_password_protected_file_is_named_as_such():
    with pytest.raises(WorkbookError, match="旧版 Excel（.xls）或设置了打开密码"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def test_a_zip_without_content_types_is_not_a_workbook():
    with pytest.raises(WorkbookError, match=r"文件不是 Excel（\.xlsx）格式"):
        read(workbook([["a"]], content_types=False))


def test_a_truncated_zip_is_not_a_workbook():
    with pytest.raises(WorkbookError, match=r"文件不是 Excel（\.xlsx）格式"):
        read(workbook([["a"]])[:200])


def test_an_encrypted_zip_entry_is_refused():
    data = bytearray(workbook([["a"]]))
    # set the "encrypted" flag of the first entry in the central directory
    offset = data.find(b"PK\x01\x02")
    data[offset + 8] |= 0x1
    with pytest.raises(WorkbookError, match="文件已加密"):
        read(bytes(data))


def test_a_zip_bomb_is_refused_from_the_directory_alone():
    data = zeros_bomb(megabytes=64)
    assert len(data) < 200_000
    with pytest.raises(WorkbookError, match="文件解压后异常膨胀"):
        read(data)


def test_the_total_uncompressed_size_is_capped():
    out = io.BytesIO(workbook([["a"]]))
    with zipfile.ZipFile(out, "a") as book:
        for i in range(3):
            book.writestr(f"xl/media/image{i}.bin", os.urandom(600 * 1024))
    with pytest.raises(WorkbookError, match="文件解压后超过 1 MB"):
        read(out.getvalue(), Limits(max_rows=1000, max_uncompressed=1024 * 1024))


def test_ten_million_blank_rows_are_refused_in_well_under_a_second():
    data = workbook([["姓名"]], blank_rows=10_000_000)
    assert len(data) < 200_000
    start = time.monotonic()
    with pytest.raises(WorkbookError):
        read(data)
    assert time.monotonic() - start < 2


def test_blank_rows_count_toward_the_row_limit_and_reading_stops_there():
    with pytest.raises(WorkbookError, match="工作表超过 1,000 行（空行也计入）"):
        read(workbook([["姓名"], ["张三"]], blank_rows=1000))
    assert len(read(workbook([["姓名"], ["张三"]], blank_rows=999))) == 1001


def test_a_row_far_below_the_last_is_refused_without_walking_the_gap():
    sheet = workbook([["姓名"]])  # then a row numbered ten million
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sheet)) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(
                    b"</sheetData>", b'<row r="10000000"><c r="A10000000"><v>1</v></c></row></sheetData>'
                )
            out.writestr(info.filename, part)
    start = time.monotonic()
    with pytest.raises(WorkbookError, match="空行也计入"):
        read(data.getvalue())
    assert time.monotonic() - start < 2


def test_the_shared_strings_are_counted_before_openpyxl_loads_them():
    with pytest.raises(WorkbookError, match="不同文字内容超过 1,000 项"):
        read(workbook([["a"]], shared_strings=1001, shared_string=b"<si><t>x</t></si>"))


def test_a_shared_strings_bomb_is_refused():
    data = workbook([["a"]], shared_strings=5_000_000)
    assert len(data) < 200_000
    with pytest.raises(WorkbookError):
        read(data, Limits(max_rows=1000))


def test_a_document_type_declaration_is_refused():
    data = workbook([["a"]], shared_strings=1, shared_string=b"<si><t>x</t></si>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                part = part.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY a "aaaa">]><sst', 1)
            dst.writestr(info.filename, part)
    with pytest.raises(WorkbookError, match="无法读取该 Excel 文件"):
        read(out.getvalue())


def test_rows_are_no_wider_than_the_header():
    data = workbook([["姓名", "岗位"], ["张三", "装配工"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
            dst.writestr(info.filename, part)
    assert read(out.getvalue()) == [(1, ("姓名", "岗位")), (2, ("张三", "装配工"))]


def test_a_long_sheet_without_dimension_is_refused_before_openpyxl_opens_it(monkeypatch):
    # openpyxl sizes a sheet without <dimension> by walking all of it, inside load_workbook
    import openpyxl

    rows = b"".join(f'<row r="{n}" spans="1:7"/>'.encode() for n in range(2, 20_000))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook([["姓名"]]))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</sheetData>", rows + b"</sheetData>")
            dst.writestr(info.filename, part)
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1))
    with pytest.raises(WorkbookError, match="工作表超过 1,000 行（空行也计入）"):
        open_workbook(out.getvalue(), LIMITS)
    assert opened == []
