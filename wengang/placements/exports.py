"""The placement list as filtered on the page: its filters and its Excel export (ID numbers masked)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.accounts.models import User
from wengang.cases.listing import CaseList, ListFields
from wengang.spreadsheets import ExportColumn, Kind, export

from . import permissions
from .models import Placement, PlacementStatus
from .services import placements_for

FIELDS = ListFields(date="start_date", date_label="上岗日期", organisation="enterprise")

COLUMNS = (
    ExportColumn("劳动者姓名", width=12),
    ExportColumn("居民身份证号码", Kind.ID_NUMBER, width=22),
    ExportColumn("人力资源服务机构", width=32),
    ExportColumn("重点企业", width=32),
    ExportColumn("重点企业所属街乡", width=16),
    ExportColumn("岗位", width=24),
    ExportColumn("上岗日期", Kind.DATE, width=12),
    ExportColumn("状态", width=16),
    ExportColumn("申报时间", Kind.DATETIME, width=18),
)


def placements_xlsx(placements: QuerySet[Placement]) -> bytes:
    rows: Iterable[list[Any]] = (
        [
            p.worker_name,
            p.worker_id_number,
            p.agency.name,
            p.enterprise.name,
            p.enterprise.street.name if p.enterprise.street else "",
            p.post.title,
            p.start_date,
            p.get_status_display(),
            p.created_at,
        ]
        for p in placements.select_related("agency", "enterprise__street", "post")
    )
    return export(title="推荐上岗", columns=COLUMNS, rows=rows)


def _may_open(user: User) -> bool:
    return permissions.is_agency(user) or permissions.is_enterprise(user) or permissions.can_list_all_placements(user)


PLACEMENTS = CaseList(
    name="推荐上岗",
    may_open=_may_open,
    refusal="仅人力资源服务机构、重点企业和人力资源公共服务中心可以查看",
    rows=placements_for,
    fields=FIELDS,
    statuses=PlacementStatus.choices,
    wide=permissions.can_list_all_placements,
    xlsx=placements_xlsx,
)
