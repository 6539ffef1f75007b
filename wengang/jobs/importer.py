"""Street offices' bulk import of vacancies from Excel: the template and the row-by-row check.

A file is imported whole or not at all: every bad row is reported with its Excel row number and
nothing is saved. Each row passes the same PostForm and the same N17 check as the web form.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from wengang.registry.models import Organisation, Street

from .forms import PostForm
from .wording import check_post_text, post_text

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    help: str


COLUMNS = (
    Column("uscc", "用人单位统一社会信用代码", "必填，18位；单位须已在登记库中"),
    Column("title", "岗位名称", "必填"),
    Column("description", "岗位描述", "必填：工作内容、条件；不得含地域、户籍等歧视性用语（N17）"),
    Column("openings", "招聘人数", "必填，正整数"),
    Column("pay_min", "月薪下限（元）", "必填"),
    Column("pay_max", "月薪上限（元）", "必填，不低于下限"),
    Column("workplace", "工作地点", "必填，如：孙河乡康营家园1号"),
    Column("street", "工作地所属街乡", "必填，如：孙河"),
    Column("industry_code", "行业代码", "可不填，如 F52"),
    Column("schedule", "工作时间", "必填，如：两班倒 8:00-20:00"),
    Column("contact_name", "联系人", "必填"),
    Column("contact_phone", "联系电话", "必填"),
    Column("deadline", "截止日期", "必填，如 2020-07-31，须晚于今天"),
    Column("urgent", "急聘", f"填“{YES}”或“{NO}”；仅重点企业可填“{YES}”"),
    Column("internship", "见习岗位", f"填“{YES}”或“{NO}”"),
)
SHEET_TITLE = "岗位信息"


class ImportFileError(Exception):
    """The file cannot be read as a vacancy list; Chinese message."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


def template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append([c.header for c in COLUMNS])
    for i, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=i).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(i)].width = max(12, len(column.header) * 2 + 2)
        if column.name in ("uscc", "contact_phone"):
            for row in range(2, MAX_ROWS + 2):
                sheet.cell(row=row, column=i).number_format = "@"
        if column.name in ("urgent", "internship"):
            check = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
            sheet.add_data_validation(check)
            letter = get_column_letter(i)
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for column in COLUMNS:
        notes.append([column.header, column.help])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _flag(value: str, header: str) -> bool:
    if value in ("", NO):
        return False
    if value == YES:
        return True
    raise ValueError(f"“{header}”请填“{YES}”或“{NO}”，而不是“{value}”")


def read(upload: UploadedFile) -> tuple[list[tuple[int, Organisation, dict[str, Any]]], list[RowError]]:
    """Check every row. Returns the good rows (row number, organisation, cleaned values) and the errors."""
    from openpyxl import load_workbook

    if upload.size and upload.size > MAX_BYTES:
        raise ImportFileError("文件超过 5 MB")
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for non-xlsx input
        raise ImportFileError("无法读取文件：请上传按模板填写的 Excel（.xlsx）文件") from err
    sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    positions: dict[str, int] = {}
    for column in COLUMNS:
        if column.header not in header:
            raise ImportFileError(f"缺少列“{column.header}”：请使用模板")
        positions[column.name] = header.index(column.header)
    streets = {s.name: s for s in Street.objects.all()}
    streets.update({str(s): s for s in streets.values()})
    good: list[tuple[int, Organisation, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, raw in enumerate(rows, start=2):
        cells = {name: _text(raw[i] if i < len(raw) else None) for name, i in positions.items()}
        if not any(cells.values()):
            continue
        if number > MAX_ROWS + 1:
            raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行")
        problems: list[str] = []
        organisation = Organisation.objects.filter(uscc=cells["uscc"].upper(), kind=Organisation.Kind.ENTERPRISE).first()
        if organisation is None:
            problems.append(f"登记库中没有统一社会信用代码为“{cells['uscc']}”的用人单位")
        street = streets.get(cells["street"])
        if street is None:
            problems.append(f"没有名为“{cells['street']}”的街乡")
        data: dict[str, Any] = {name: cells[name] for name in cells if name not in ("uscc", "street", "urgent", "internship")}
        data["street"] = street.pk if street else ""
        for name in ("urgent", "internship"):
            header_text = next(c.header for c in COLUMNS if c.name == name)
            try:
                if _flag(cells[name], header_text):
                    data[name] = "on"
            except ValueError as err:
                problems.append(str(err))
        form = PostForm(data, organisation=organisation)
        if not form.is_valid():
            for bound in form:
                problems.extend(f"{bound.label}：{message}" for message in bound.errors if bound.name != "street" or street)
            problems.extend(str(m) for m in form.non_field_errors())
        verdict = check_post_text(post_text(data))
        problems.extend(f"用语不得发布：{finding}" for finding in verdict.blocked)
        if problems or organisation is None:
            errors.append(RowError(number, "；".join(problems)))
            continue
        good.append((number, organisation, form.cleaned_data))
    if not good and not errors:
        raise ImportFileError("表中没有岗位")
    return good, errors
