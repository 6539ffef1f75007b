"""The poster's job post list as filtered on the page: its filters and its Excel export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.cases.listing import CaseList, ListFields
from wengang.spreadsheets import NO, USCC_COLUMN, YES, ExportColumn, Kind, export

from . import permissions, selectors
from .models import JobPost, PostStatus

FIELDS = ListFields(date="deadline", date_label="截止日期")

COLUMNS = (
    ExportColumn("岗位名称", width=24),
    ExportColumn("用人单位", width=32),
    USCC_COLUMN,
    ExportColumn("工作地所属街乡", width=14),
    ExportColumn("工作地点", width=30),
    ExportColumn("招聘人数", Kind.INTEGER, width=10),
    ExportColumn("月薪下限（元）", Kind.MONEY, width=14),
    ExportColumn("月薪上限（元）", Kind.MONEY, width=14),
    ExportColumn("工作时间", width=20),
    ExportColumn("急聘", width=8),
    ExportColumn("见习岗位", width=8),
    ExportColumn("状态", width=20),
    ExportColumn("截止日期", Kind.DATE, width=12),
    ExportColumn("发布时间", Kind.DATETIME, width=18),
    ExportColumn("联系人", width=10),
    ExportColumn("联系电话", width=16),
)


def posts_xlsx(posts: QuerySet[JobPost]) -> bytes:
    rows: Iterable[list[Any]] = (
        [
            p.title,
            p.organisation.name,
            p.organisation.uscc,
            p.street.name,
            p.workplace,
            p.openings,
            p.pay_min,
            p.pay_max,
            p.schedule,
            YES if p.urgent else NO,
            YES if p.internship else NO,
            p.get_status_display(),
            p.deadline,
            p.published_at,
            p.contact_name,
            p.contact_phone,
        ]
        for p in posts.select_related("organisation", "street")
    )
    return export(title="招聘岗位", columns=COLUMNS, rows=rows)


POSTS = CaseList(
    name="招聘岗位",
    may_open=permissions.can_post,
    refusal="只有用人单位和街乡工作人员可以发布岗位",
    rows=selectors.posts_of,
    fields=FIELDS,
    statuses=PostStatus.choices,
    # a street's staff post for several employers: they filter by employer name (their street is fixed)
    wide=permissions.is_street_staff,
    xlsx=posts_xlsx,
    street=False,
)
