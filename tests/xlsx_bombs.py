"""Hostile .xlsx files built by hand at test time (a few hundred kilobytes, built in well under a second).

A workbook is a zip of XML parts; these write the parts directly, so "ten million blank rows" is a
run of ``<row/>`` elements compressed by zlib rather than rows written one by one by openpyxl.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"


def _xml_text(text: str) -> str:
    """Text as Excel writes it: characters XML cannot hold (NUL …) as ``_x0000_`` escapes."""
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in escape(text))


def _row(number: int, cells: list[str], strings: list[str]) -> bytes:
    out = [f'<row r="{number}">']
    for i, text in enumerate(cells):
        column = get_column_letter(i + 1)
        out.append(f'<c r="{column}{number}" t="s"><v>{len(strings)}</v></c>')
        strings.append(text)
    out.append("</row>")
    return "".join(out).encode()


def workbook(
    rows: list[list[str]],
    *,
    blank_rows: int = 0,
    shared_strings: int = 0,
    shared_string: bytes = b"<si><t/></si>",
    content_types: bool = True,
) -> bytes:
    """A one-sheet workbook: ``rows`` as shared strings, then ``blank_rows`` empty ``<row/>``
    elements (no ``<dimension>``), and a shared-strings part with ``shared_strings`` items."""
    sheet = io.BytesIO()
    sheet.write(SHEET_HEAD)
    texts: list[str] = []
    for number, cells in enumerate(rows, start=1):
        sheet.write(_row(number, [str(c) for c in cells], texts))
    sheet.write(b"<row/>" * blank_rows)
    sheet.write(SHEET_TAIL)
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{_xml_text(t)}</t></si>" for t in texts).encode()
        + shared_string * shared_strings
        + b"</sst>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        if content_types:
            book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
        book.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def zeros_bomb(megabytes: int = 64) -> bytes:
    """A valid workbook plus a part of ``megabytes`` MB of zeros (compresses about 1000 times)."""
    base = io.BytesIO(workbook([["a"]]))
    with zipfile.ZipFile(base, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/padding.bin", b"\0" * (megabytes * 1024 * 1024))
    return base.getvalue()
