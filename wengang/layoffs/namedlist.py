"""The named list (被裁减人员名单) as Excel: the downloadable template and the row-by-row check.

A list is accepted whole or not at all: every bad row is reported with its Excel row number and
nothing is stored. N17: a person unable to return because of the epidemic cannot be laid off, so
such a row is refused with the engine's explanation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

from wengang import spreadsheets
from wengang.registry.validators import id_number_ok, mask_id_number
from wengang.spreadsheets import NO, YES, Column, RowError, SpreadsheetError

MAX_ROWS = 5000
#: the lengths the stored line allows (``LayoffListLine``), checked here so a long cell is a row error
NAME_MAX, HUKOU_MAX, POST_MAX = 50, 100, 100
OPEN_ENDED = "无固定期限"


COLUMNS = (
    Column("name", "姓名", "必填"),
    Column("id_number", "居民身份证号码", "必填，18位，按文本填写"),
    Column("hukou", "户籍", "必填，如：北京市朝阳区 / 河北省保定市"),
    Column("post", "岗位", "必填"),
    Column("contract_start", "劳动合同起始日期", "必填，如 2018-03-01"),
    Column("contract_end", "劳动合同终止日期", f"必填，如 2021-02-28；无固定期限合同填“{OPEN_ENDED}”"),
    Column("epidemic", "因疫情暂不能返岗", f"填“{YES}”或“{NO}”；因疫情暂不能返岗的劳动者不得列入裁减名单（N17）"),
)
SHEET_TITLE = "被裁减人员名单"


#: the file cannot be read as a list (not xlsx, columns missing, empty); Chinese message
ListError = SpreadsheetError


@dataclass(frozen=True)
class Line:
    """A checked row, ready to be stored."""

    row: int
    name: str
    id_number: str
    hukou: str
    post: str
    contract_start: dt.date
    contract_end: dt.date | None
    epidemic_unable_to_return: bool


def template() -> bytes:
    """The Excel template: the header row, ID numbers as text, 是/否 drop-down, and a notes sheet."""
    return spreadsheets.template(
        title=SHEET_TITLE,
        columns=COLUMNS,
        text_columns=("id_number",),
        yes_no_columns=("epidemic",),
        notes=("第一行为列名，请勿修改；从第二行起每行一人。",),
    )


DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> dt.date | None:
    """2020-03-01, 2020/3/1, 2020.3.1 or 2020年3月1日; None when not a real date."""
    match = DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read(upload: UploadedFile) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of an uploaded list: (Excel row number, column name → text)."""
    rows = spreadsheets.read_rows(upload, title=SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS)
    if not rows:
        raise ListError("名单中没有人员（第2行起每行填写一人）")
    return rows


def n17_message(name: str) -> str:
    return (
        f"{name or '该劳动者'}标记为因疫情暂不能返岗。根据通知第十七条（N17），"
        "企业不得解除因疫情暂不能返岗劳动者的劳动合同，不得将其列入裁减人员名单，请从名单中删除"
    )


def check(rows: Sequence[tuple[int, dict[str, str]]]) -> tuple[list[Line], list[RowError]]:
    """Check every row: ID number checksum, 户籍, 岗位, contract dates valid and ordered, N17."""
    lines: list[Line] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        problems: list[str] = []
        name = row["name"]
        if not name:
            problems.append("未填写姓名")
        elif len(name) > NAME_MAX:
            problems.append(f"姓名超过{NAME_MAX}个字")
        id_number = row["id_number"].upper()
        if not id_number:
            problems.append("未填写居民身份证号码")
        elif not id_number_ok(id_number):
            problems.append(f"居民身份证号码 {mask_id_number(id_number)} 无效（18位，出生日期或校验位不符）")
        elif id_number in seen:
            problems.append(f"居民身份证号码与第{seen[id_number]}行重复")
        else:
            seen[id_number] = number
        if not row["hukou"]:
            problems.append("未填写户籍")
        elif len(row["hukou"]) > HUKOU_MAX:
            problems.append(f"户籍超过{HUKOU_MAX}个字")
        if not row["post"]:
            problems.append("未填写岗位")
        elif len(row["post"]) > POST_MAX:
            problems.append(f"岗位超过{POST_MAX}个字")
        start = parse_date(row["contract_start"])
        if not row["contract_start"]:
            problems.append("未填写劳动合同起始日期")
        elif start is None:
            problems.append(f"劳动合同起始日期“{row['contract_start']}”不是有效日期（如 2018-03-01）")
        end_text = row["contract_end"]
        end = None if end_text == OPEN_ENDED else parse_date(end_text)
        if not end_text:
            problems.append(f"未填写劳动合同终止日期（无固定期限合同填“{OPEN_ENDED}”）")
        elif end_text != OPEN_ENDED and end is None:
            problems.append(f"劳动合同终止日期“{end_text}”不是有效日期（如 2021-02-28）")
        if start is not None and end is not None and end < start:
            problems.append("劳动合同终止日期早于起始日期")
        epidemic = row["epidemic"] or NO
        if epidemic not in (YES, NO):
            problems.append(f"“因疫情暂不能返岗”应填“{YES}”或“{NO}”，而不是“{epidemic}”")
        elif epidemic == YES:
            problems.append(n17_message(name))
        if problems:
            errors.extend(RowError(number, p) for p in problems)
            continue
        assert start is not None
        lines.append(Line(number, name, id_number, row["hukou"], row["post"], start, end, epidemic == YES))
    return lines, errors


def flagged_rows(rows: Sequence[tuple[int, dict[str, str]]]) -> int:
    """How many rows mark a person as unable to return because of the epidemic (N17)."""
    return sum(1 for _, row in rows if row["epidemic"] == YES)
