"""Small factories for layoff reports: Excel lists, PDFs, a complete report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from wengang.accounts.models import User
from wengang.layoffs import services
from wengang.layoffs.models import LayoffReport
from wengang.layoffs.namedlist import COLUMNS

HEADER = [c.header for c in COLUMNS]


def id_number(seq: int, birth: str = "19850101") -> str:
    return factories.id_number(seq, birth)


def row(seq: int, **change: Any) -> list[Any]:
    values = {
        "姓名": f"职工{seq}",
        "居民身份证号码": id_number(seq),
        "户籍": "北京市朝阳区",
        "岗位": "装配工",
        "劳动合同起始日期": dt.date(2018, 3, 1),
        "劳动合同终止日期": "2021-02-28",
        "因疫情暂不能返岗": "否",
        **change,
    }
    return [values[h] for h in HEADER]


def xlsx(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, name: str = "名单.xlsx") -> SimpleUploadedFile:
    return factories.xlsx_upload(header, rows, name)


def people(count: int) -> SimpleUploadedFile:
    return xlsx([row(i) for i in range(1, count + 1)])


def pdf(title: str = "材料") -> SimpleUploadedFile:
    return factories.titled_pdf(title)


def complete_report(
    user: User, *, layoffs: int = 20, employees: int = 1000, notice_days: int = 30, today: dt.date
) -> LayoffReport:
    """A draft with everything the engine needs to accept it (given the default numbers)."""
    report = services.report_create(user=user)
    services.report_update(
        report=report,
        values={
            "layoffs": layoffs,
            "employees": employees,
            "notice_date": today - dt.timedelta(days=notice_days),
            "circumstance": 2,
        },
    )
    services.report_replace_list(report=report, upload=people(layoffs))
    for item in (1, 2, 3, 4, 6, 7, 8):
        services.report_attach(report=report, item=item, upload=pdf(f"材料{item}"), user=user)
    return report
