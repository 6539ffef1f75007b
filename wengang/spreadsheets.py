"""Excel lists uploaded by users (a layoff named list, a street's vacancies): the downloadable
template and the reading of the rows. What a row must contain is each list's own business; this
module only turns a workbook into ``(Excel row number, column name → text)`` pairs, with clear
Chinese messages when the file itself cannot be read.

And the other way: ``export`` writes any list (decisions, payments, layoff reports, permits, job
posts, placements) as a workbook, safe against formula injection.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils import timezone

from wengang.policy.workbook import Limits, WorkbookError, open_workbook, sheet_rows

YES, NO = "是", "否"
MEGABYTE = 1024 * 1024


class SpreadsheetError(Exception):
    """The file as a whole cannot be read as the expected list; the message is Chinese."""


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    help: str


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


def cell_text(value: Any) -> str:
    """A cell as the text the user sees: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # NUL cannot be stored in PostgreSQL text and is never meant: drop it
    return str(value).replace("\x00", "").strip()


def template(
    *,
    title: str,
    columns: Iterable[Column],
    text_columns: Iterable[str] = (),
    yes_no_columns: Iterable[str] = (),
    rows: int = 500,
    notes: Iterable[str] = (),
    example: Mapping[str, Any] | None = None,
) -> bytes:
    """The template: a bold header row, text-formatted identifier columns (so long numbers keep
    their digits), 是/否 drop-downs, a notes sheet explaining every column, and, given ``example``
    (column name → value), one example row under the header."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(columns)
    as_text, yes_no = set(text_columns), set(yes_no_columns)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for i, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=i, value=column.header).font = Font(bold=True)
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.name in as_text:
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=i).number_format = "@"
        if column.name in yes_no:
            check = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
            check.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(check)
    if example is not None:
        for i, column in enumerate(columns, start=1):
            sheet.cell(row=2, column=i, value=example.get(column.name))
    sheet.freeze_panes = "A2"
    sheet_notes = book.create_sheet("填写说明")
    sheet_notes.append(["列名", "说明"])
    for column in columns:
        sheet_notes.append([column.header, column.help])
    for line in notes:
        sheet_notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(
    upload: UploadedFile,
    *,
    title: str,
    columns: Iterable[Column],
    max_rows: int,
    max_bytes: int = 5 * MEGABYTE,
    optional: Iterable[str] = (),
) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of an uploaded .xlsx: (Excel row number, column name → text).

    Reads the sheet named ``title`` (else the first); every column must be present by its header,
    except those named in ``optional``. The workbook is opened by the guarded opener
    (``wengang.policy.workbook``): at most ``max_rows`` rows after the header, blank rows included.
    """
    columns = list(columns)
    if upload.size is not None and upload.size > max_bytes:
        raise SpreadsheetError(f"文件超过 {max_bytes // MEGABYTE} MB，请精简后上传")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(f"文件超过 {max_bytes // MEGABYTE} MB，请精简后上传")
    limits = Limits(max_rows=max_rows)
    try:
        book = open_workbook(data, limits)
    except WorkbookError as err:
        raise SpreadsheetError(f"无法读取文件：{err}") from err
    try:
        sheet = book[title] if title in book.sheetnames else book.worksheets[0]
        rows = sheet_rows(sheet, limits)
        first = next(rows, None)
        if first is None:
            raise SpreadsheetError("Excel 文件是空的，请使用下载的模板")
        _, header = first
        by_header = {column.header: column.name for column in columns}
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            name = by_header.get(cell_text(cell))
            if name and name not in positions:
                positions[name] = i
        missing = [column.header for column in columns if column.name not in positions and column.name not in optional]
        if missing:
            raise SpreadsheetError(f"第1行缺少列：{'、'.join(missing)}（请使用下载的模板，勿修改列名）")
        out: list[tuple[int, dict[str, str]]] = []
        for number, values in rows:
            row = {name: cell_text(values[i]) if i < len(values) else "" for name, i in positions.items()}
            if any(row.values()):
                out.append((number, row))
    except WorkbookError as err:
        raise SpreadsheetError(f"无法读取文件：{err}") from err
    finally:
        book.close()
    return out


# ---- exports: a list as a workbook ------------------------------------------------------------

#: a cell beginning with one of these is a formula to a spreadsheet program (CSV/formula injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CENT = Decimal("0.01")


class Kind(enum.Enum):
    """How an export column writes its values."""

    TEXT = "text"
    #: a Decimal written as a number cell with exactly two decimals
    MONEY = "money"
    INTEGER = "integer"
    DATE = "date"
    #: an aware datetime, written as the local (Beijing) time: Excel has no time zones
    DATETIME = "datetime"
    #: a personal ID number: only its first 6 and last 4 characters
    ID_NUMBER = "id_number"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 16


#: the columns that many lists share, declared once: the same header, kind and width in each list
ID_NUMBER_COLUMN = ExportColumn("身份证号码", Kind.ID_NUMBER, width=22)
USCC_COLUMN = ExportColumn("统一社会信用代码", width=22)
STREET_COLUMN = ExportColumn("所属街乡", width=14)


def neutralise(cell: Any) -> None:
    """Write user-typed text that looks like a formula as text, never as a live formula: openpyxl
    stores a string beginning with "=" as a formula, and Excel re-reads +, - and @ on editing
    (issue 8, finding 18: ``=HYPERLINK(...)`` in a reason was live in the export). The cell is a
    string and carries Excel's quote prefix, so it shows exactly what was typed."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _money(cell: Any, amount: Decimal) -> None:
    """A number cell holding the Decimal's own digits ("9000.11"): openpyxl would print the value
    through a float with 16 significant digits ("9000.110000000001")."""
    cell.value = f"{Decimal(amount).quantize(CENT)}"
    cell.data_type = "n"
    cell.number_format = MONEY_FORMAT


def _write(cell: Any, kind: Kind, value: Any) -> None:
    if value is None or value == "":
        cell.value = None
    elif kind is Kind.MONEY:
        _money(cell, value)
    elif kind is Kind.DATETIME:
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell.value = local.replace(tzinfo=None, microsecond=0)
        cell.number_format = DATETIME_FORMAT
    elif kind is Kind.DATE:
        cell.value = value.date() if isinstance(value, dt.datetime) else value
        cell.number_format = DATE_FORMAT
    elif kind is Kind.INTEGER:
        cell.value = int(value)
    elif kind is Kind.ID_NUMBER:
        from wengang.registry.validators import mask_id_number

        cell.value = mask_id_number(str(value))
    else:
        cell.value = cell_text(value) if not isinstance(value, str) else value.replace("\x00", "")
        neutralise(cell)


def export(*, title: str, columns: Sequence[ExportColumn], rows: Iterable[Sequence[Any]]) -> bytes:
    """A list as an .xlsx workbook: a bold, frozen header of Chinese column names, then one row per
    record, each value written by its column's kind (money as 2-decimal numbers, dates as dates, ID
    numbers masked, text that looks like a formula as plain text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for n, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=n, value=column.header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    sheet.freeze_panes = "A2"
    for r, values in enumerate(rows, start=2):
        for n, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _write(sheet.cell(row=r, column=n), column.kind, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(data: bytes, name: str) -> HttpResponse:
    """An .xlsx attachment named ``<name>-<service date>.xlsx`` (Chinese names as RFC 5987)."""
    from wengang.clock import today

    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{name}-{today():%Y%m%d}.xlsx')}"
    return response


def table_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A plain table (a chart's data) as an .xlsx workbook through ``export``: a column holding
    Decimals is money, one holding whole numbers an integer column, anything else text."""
    table = [list(row) for row in rows]

    def kind(i: int) -> Kind:
        values = [row[i] for row in table if row[i] is not None and row[i] != ""]
        if values and all(isinstance(v, Decimal) for v in values):
            return Kind.MONEY
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return Kind.INTEGER
        return Kind.TEXT

    columns = [ExportColumn(h, kind(i), width=max(12, 2 * len(h) + 2)) for i, h in enumerate(headers)]
    return export(title=title, columns=columns, rows=table)
