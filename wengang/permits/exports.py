"""The permit case list as filtered on the page: its filters and its Excel export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.accounts import permissions as base
from wengang.accounts.models import User
from wengang.cases.listing import CaseList, ListFields
from wengang.spreadsheets import STREET_COLUMN, USCC_COLUMN, ExportColumn, Kind, export

from . import permissions
from .models import PermitCase, Status

FIELDS = ListFields(date="submitted_at", date_label="提交日期", date_is_datetime=True)

COLUMNS = (
    ExportColumn("案件编号", width=16),
    ExportColumn("申请单位", width=36),
    USCC_COLUMN,
    STREET_COLUMN,
    ExportColumn("申请事项", width=30),
    ExportColumn("提交方式", width=10),
    ExportColumn("提交时间", Kind.DATETIME, width=18),
    ExportColumn("状态", width=18),
    ExportColumn("实地核查日期", Kind.DATE, width=12),
    ExportColumn("许可证编号", width=30),
    ExportColumn("有效期自", Kind.DATE, width=12),
    ExportColumn("有效期至", Kind.DATE, width=12),
    ExportColumn("决定日期", Kind.DATE, width=12),
    ExportColumn("不予许可理由", width=40),
)


def cases_for(user: User) -> QuerySet[PermitCase]:
    """The applicant organisation's own cases; every case for 劳动关系科 and administrators."""
    cases = PermitCase.objects.select_related("organisation__street", "permit_type")
    if base.is_applicant(user) and user.organisation_id is not None:
        return cases.filter(organisation_id=user.organisation_id)
    if permissions.is_permit_staff(user) or base.is_admin(user):
        return cases
    return cases.none()


def cases_xlsx(cases: QuerySet[PermitCase]) -> bytes:
    rows: Iterable[list[Any]] = (
        [
            c.reference,
            c.organisation.name,
            c.organisation.uscc,
            c.organisation.street.name if c.organisation.street else "",
            c.permit_type.name,
            c.get_channel_display(),
            c.submitted_at,
            c.get_status_display(),
            c.onsite_date,
            c.permit_number,
            c.valid_from,
            c.valid_to,
            c.decided_on,
            c.rejection_reason,
        ]
        for c in cases
    )
    return export(title="行政许可案件", columns=COLUMNS, rows=rows)


CASES = CaseList(
    name="行政许可案件",
    may_open=lambda user: base.is_applicant(user) or permissions.is_permit_staff(user) or base.is_admin(user),
    refusal="仅劳动关系科工作人员可以办理",
    rows=lambda user: cases_for(user).order_by("submitted_at", "id"),
    fields=FIELDS,
    statuses=Status.choices,
    wide=lambda user: not base.is_applicant(user),
    xlsx=cases_xlsx,
)
