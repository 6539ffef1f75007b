"""The layoff report list as filtered on the page: its filters and its Excel export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.cases.listing import CaseList, ListFields
from wengang.spreadsheets import STREET_COLUMN, USCC_COLUMN, ExportColumn, Kind, export

from . import permissions, selectors
from .models import LayoffReport, Status

FIELDS = ListFields(date="report_date", date_label="报告日期")

COLUMNS = (
    ExportColumn("报告单位", width=36),
    USCC_COLUMN,
    STREET_COLUMN,
    ExportColumn("裁减人数", Kind.INTEGER, width=10),
    ExportColumn("职工总数", Kind.INTEGER, width=10),
    ExportColumn("裁减情形", width=40),
    ExportColumn("向工会或全体职工说明情况的日期", Kind.DATE, width=14),
    ExportColumn("报告日期", Kind.DATE, width=12),
    ExportColumn("状态", width=22),
    ExportColumn("受理日期", Kind.DATE, width=12),
    ExportColumn("收悉证明编号", width=28),
    ExportColumn("退回理由", width=40),
)


def reports_xlsx(reports: QuerySet[LayoffReport]) -> bytes:
    rows: Iterable[list[Any]] = (
        [
            r.organisation.name,
            r.organisation.uscc,
            r.organisation.street.name if r.organisation.street else "",
            r.layoffs,
            r.employees,
            r.get_circumstance_display() if r.circumstance else "",
            r.notice_date,
            r.report_date,
            r.get_status_display(),
            r.accepted_on,
            r.receipt_number,
            r.return_reasons,
        ]
        for r in reports.select_related("organisation__street")
    )
    return export(title="裁减人员报告", columns=COLUMNS, rows=rows)


REPORTS = CaseList(
    name="裁减人员报告",
    may_open=permissions.can_list_reports,
    refusal="裁减人员报告由用人单位填报、劳动关系科受理",
    rows=selectors.reports_for,
    fields=FIELDS,
    statuses=Status.choices,
    wide=lambda user: not permissions.is_enterprise(user),
    xlsx=reports_xlsx,
)
