"""The poster's job post list as filtered on the page: its filters and its Excel export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.accounts.models import User
from wengang.cases.listing import ListFields, ListFilterForm
from wengang.spreadsheets import NO, YES, ExportColumn, Kind, export

from . import permissions
from .models import JobPost, PostStatus

FIELDS = ListFields(date="deadline", date_label="截止日期")

COLUMNS = (
    ExportColumn("岗位名称", width=24),
    ExportColumn("用人单位", width=32),
    ExportColumn("统一社会信用代码", width=22),
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


def filter_form(user: User, data: Any) -> ListFilterForm:
    """A street's staff (posting for several employers) also filter by employer name."""
    street = permissions.is_street_staff(user)
    return ListFilterForm(data, fields=FIELDS, statuses=PostStatus.choices, street=False, firm=street)


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
