"""Demo data for layoff reports: one accepted report with its 《收悉证明》, and the 劳动关系科 reviewer.

Idempotent: the reviewer and the report are created only when missing. Needs the service hall's
demo world (the firm 北京青禾软件有限公司 of ``qiye4``); call it after ``demo_load``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wengang.accounts.models import User
from wengang.layoffs import services
from wengang.layoffs.models import LayoffReport, Status
from wengang.layoffs.namedlist import COLUMNS
from wengang.registry.validators import ID_CHECK, ID_WEIGHTS

from .accounts import demo_reviewer
from .load import demo_pdf, service_date

FIRM_USER = "qiye4"
REVIEWER = "laodong"
NOTICE_DATE = dt.date(2020, 4, 20)
REPORTED_ON = dt.date(2020, 5, 25)
ACCEPTED_ON = dt.date(2020, 5, 27)
#: 22 of 青禾's 102 employees: 20 or more, so a report is required (L.cond)
PEOPLE = 22
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕"
POSTS = ("测试工程师", "运维工程师", "客服专员", "实施顾问")


def _id_number(seq: int) -> str:
    first17 = f"110105{1985 + seq % 10}0{1 + seq % 9}1{seq % 10}{seq:03d}"
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def _named_list() -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.header for c in COLUMNS])
    for i in range(1, PEOPLE + 1):
        sheet.append(
            [
                f"{SURNAMES[i - 1]}{'晓明' if i % 2 else '丽华'}",
                _id_number(i),
                "北京市朝阳区" if i % 3 else "河北省保定市",
                POSTS[i % len(POSTS)],
                f"{2016 + i % 4}-03-01",
                "无固定期限" if i % 5 == 0 else f"{2021 + i % 3}-02-28",
                "否",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("被裁减人员名单.xlsx", out.getvalue())


def _reviewer() -> User:
    return demo_reviewer(REVIEWER, "刘洋", "labour-relations")


def load(stdout: TextIO) -> None:
    firm_user = User.objects.filter(username=FIRM_USER).select_related("organisation").first()
    if firm_user is None or firm_user.organisation is None:
        stdout.write(f"裁减人员报告演示数据未载入：缺少演示账号 {FIRM_USER}（请先载入服务大厅演示数据）\n")
        return
    with transaction.atomic():
        reviewer = _reviewer()
        report = LayoffReport.objects.filter(organisation=firm_user.organisation, status=Status.ACCEPTED).first()
        if report is None:
            with service_date(REPORTED_ON):
                report = services.report_create(
                    user=firm_user,
                    values={"layoffs": PEOPLE, "notice_date": NOTICE_DATE, "circumstance": 2},
                )
                services.report_replace_list(report=report, upload=_named_list())
                for item, label in (
                    (1, "license"),
                    (2, "law"),
                    (3, "steps"),
                    (4, "compensation"),
                    (6, "union"),
                    (7, "mandate"),
                    (8, "other"),
                ):
                    upload = SimpleUploadedFile(f"{label}.pdf", demo_pdf([f"Layoff report material {item}: {label}"]))
                    services.report_attach(report=report, item=item, upload=upload, user=firm_user)
                services.report_submit(report=report, user=firm_user)
            with service_date(ACCEPTED_ON):
                services.report_accept(report=report, user=reviewer)
    stdout.write(
        f"裁减人员报告：{report.organisation.name} 裁减 {report.layoffs} 人，已受理，"
        f"《收悉证明》{report.receipt_number}（劳动关系科账号 {REVIEWER}；公开核验 /layoffs/verify/）\n"
    )
