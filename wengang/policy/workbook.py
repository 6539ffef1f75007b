"""Opening untrusted Excel workbooks (.xlsx) without letting them exhaust the server.

An .xlsx file is a zip of XML parts, so a small upload can unpack to gigabytes (a "zip bomb"),
declare millions of shared strings that openpyxl keeps in memory, or hold ten million blank rows
that take minutes to walk. Every reader of an uploaded or imported workbook (the registry import,
the Excel lists of the service hall, the applicant rosters) opens it through ``open_workbook`` and
walks it with ``sheet_rows``, which:

* refuses what is not an .xlsx (an HTML page, an old .xls, a password-protected file, a zip
  without ``[Content_Types].xml``) with a Chinese reason;
* caps the number of zip entries, the total uncompressed size and the compression ratio of large
  entries, read from the zip directory before anything is unpacked (``zipfile`` never inflates an
  entry beyond its declared size, so the directory is a safe bound);
* counts the shared strings and every sheet's rows with a streaming XML parser (stopping at the
  limit), refusing document type declarations: openpyxl would otherwise keep every shared string
  in memory and, for a sheet without ``<dimension>``, walk all of it when the workbook is opened;
* opens the workbook in openpyxl's read-only (streaming) mode;
* counts every row, blank or not, towards the row limit and stops reading there.

The engine imports no Django; the messages are for the person who uploaded the file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

MEGABYTE = 1024 * 1024
#: a real workbook has a few dozen parts
MAX_ENTRIES = 2000
#: entries above this size must not be compressed more than ``MAX_RATIO`` times
RATIO_FLOOR = 1 * MEGABYTE
#: spreadsheet XML compresses 5–30 times; hundreds of times means padding (blank rows, zeros)
MAX_RATIO = 100
#: columns read from each row; wider rows are cut (no list of ours has more than a few dozen)
MAX_COLUMNS = 256

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_XLSX = "文件不是 Excel（.xlsx）格式，请使用下载的模板填写后另存为 .xlsx"
UNREADABLE = "无法读取该 Excel 文件，请使用下载的模板填写后另存为 .xlsx"


class WorkbookError(Exception):
    """The file cannot be read safely as a workbook; the message is Chinese, for the uploader."""


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold: rows after the header row, blank rows included."""

    max_rows: int
    max_uncompressed: int = 100 * MEGABYTE
    max_shared_strings: int = 200_000


def _message_for_zip(data_start: bytes) -> str:
    if data_start.startswith(OLE_MAGIC):
        return "文件是旧版 Excel（.xls）或设置了打开密码，请取消密码后另存为 .xlsx 再上传"
    return NOT_XLSX


def _check_zip(book: zipfile.ZipFile, limits: Limits) -> None:
    entries = book.infolist()
    if len(entries) > MAX_ENTRIES:
        raise WorkbookError(f"{UNREADABLE}（文件内部结构异常：包含 {len(entries)} 个部件）")
    names = {info.filename for info in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise WorkbookError(NOT_XLSX)
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise WorkbookError("文件已加密，请取消密码后另存为 .xlsx 再上传")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookError(
                f"文件解压后异常膨胀（{info.file_size // max(info.compress_size, 1)} 倍），"
                "可能含有大量空行或填充内容；请只保留数据区域，另存为新的 .xlsx 后上传"
            )
    if total > limits.max_uncompressed:
        raise WorkbookError(
            f"文件解压后超过 {limits.max_uncompressed // MEGABYTE} MB，请删除多余的工作表、空行和格式，或分批上传"
        )


class _Stop(Exception):
    """Raised inside the XML scan to stop it with a message for the uploader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1].rsplit(" ", 1)[-1]


def _scan(book: zipfile.ZipFile, name: str, start: Callable[[str, dict[str, str]], None]) -> None:
    """Stream one XML part through expat, calling ``start`` for each element; no DTDs allowed."""

    def doctype(*_args: Any) -> None:
        raise _Stop(UNREADABLE)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        with book.open(name) as part:
            while chunk := part.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        raise WorkbookError(stop.message) from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise WorkbookError(UNREADABLE) from err


def _count_shared_strings(book: zipfile.ZipFile, limits: Limits) -> int:
    """Count ``<si>`` items in the shared-strings part, streaming, stopping past the cap:
    openpyxl keeps every shared string in memory, even in read-only mode."""
    name = next((n for n in book.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return 0
    count = 0

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal count
        if _local(tag) == "si":
            count += 1
            if count > limits.max_shared_strings:
                raise _Stop(f"文件中的不同文字内容超过 {limits.max_shared_strings:,} 项，请分批上传")

    _scan(book, name, start)
    return count


def _check_sheet_rows(book: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a worksheet with more rows than the limit (blank ones and gaps in the numbering
    included) before openpyxl sees it: without a ``<dimension>``, openpyxl walks a whole sheet
    just to size it, when the workbook is opened."""
    too_many = f"工作表超过 {limits.max_rows:,} 行（空行也计入）；请删除多余的空行或格式，或分批上传"
    last_allowed = limits.max_rows + 1  # the header row

    for name in book.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        number = 0

        def start(tag: str, attrs: dict[str, str], /) -> None:
            nonlocal number
            if _local(tag) != "row":
                return
            declared = attrs.get("r", "")
            number = int(declared) if declared.isdigit() and len(declared) < 10 else number + 1
            if number > last_allowed:
                raise _Stop(too_many)

        _scan(book, name, start)


def open_workbook(source: bytes | Path | str, limits: Limits) -> Any:
    """A read-only openpyxl workbook, after the checks above; ``WorkbookError`` otherwise.

    The caller closes it (``book.close()``).
    """
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        start = source[:8]
        stream: IO[bytes] | Path = io.BytesIO(source)
    else:
        path = Path(source)
        with path.open("rb") as file:
            start = file.read(8)
        stream = path
    if not start.startswith(b"PK"):
        raise WorkbookError(_message_for_zip(start))
    try:
        with zipfile.ZipFile(stream) as book:
            _check_zip(book, limits)
            _count_shared_strings(book, limits)
            _check_sheet_rows(book, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError) as err:
        raise WorkbookError(NOT_XLSX) from err
    if isinstance(stream, io.BytesIO):
        stream.seek(0)
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except Exception as err:  # untrusted input: any parser failure means the workbook is unreadable
        raise WorkbookError(UNREADABLE) from err


def sheet_rows(sheet: Any, limits: Limits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, cell values) for the header row and every row after it, blank ones included.

    Rows are as wide as the header (up to ``MAX_COLUMNS``): a cell far to the right, or a
    ``<dimension>`` claiming 16,384 columns, does not widen every row. A sheet with more than
    ``limits.max_rows`` rows after the header, blank or not, is refused rather than walked to its
    end: ten million blank rows cost minutes of CPU even in streaming mode.
    """
    number = 1
    try:
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), None)
        if first is None:
            return
        header = tuple(first)
        width = max((i + 1 for i, v in enumerate(header) if v is not None and str(v).strip()), default=1)
        yield 1, header[:width]
        rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        for number, values in enumerate(rows, start=2):
            if number > limits.max_rows + 1:
                raise WorkbookError(
                    f"工作表超过 {limits.max_rows:,} 行（空行也计入）；请删除多余的空行或格式，或分批上传"
                )
            yield number, tuple(values)
    except WorkbookError:
        raise
    except Exception as err:  # a broken sheet part surfaces while streaming
        raise WorkbookError(f"{UNREADABLE}（第 {number} 行附近无法读取）") from err
