"""Street offices' bulk import of vacancies from Excel: the template and the row-by-row check.

A file is imported whole or not at all: every bad row is reported with its Excel row number and
nothing is saved. Each row passes the same PostForm and the same N17 check as the web form.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile

from wengang import spreadsheets
from wengang.registry.models import Organisation, Street
from wengang.spreadsheets import NO, YES, Column, RowError, SpreadsheetError

from .forms import PostForm
from .wording import check_post_text, post_text

MAX_ROWS = 2000


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


#: the file cannot be read as a vacancy list; Chinese message
ImportFileError = SpreadsheetError


def template() -> bytes:
    """The Excel template: the header row, codes and phone numbers as text, 是/否 drop-downs."""
    return spreadsheets.template(
        title=SHEET_TITLE,
        columns=COLUMNS,
        text_columns=("uscc", "contact_phone"),
        yes_no_columns=("urgent", "internship"),
        rows=MAX_ROWS,
    )


def _flag(value: str, header: str) -> bool:
    if value in ("", NO):
        return False
    if value == YES:
        return True
    raise ValueError(f"“{header}”请填“{YES}”或“{NO}”，而不是“{value}”")


def read(upload: UploadedFile) -> tuple[list[tuple[int, Organisation, dict[str, Any]]], list[RowError]]:
    """Check every row. Returns the good rows (row number, organisation, cleaned values) and the errors."""
    rows = spreadsheets.read_rows(upload, title=SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS)
    streets = {s.name: s for s in Street.objects.all()}
    streets.update({str(s): s for s in streets.values()})
    good: list[tuple[int, Organisation, dict[str, Any]]] = []
    errors: list[RowError] = []
    for number, cells in rows:
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
