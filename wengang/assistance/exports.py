"""The street office's 就业援助 lists as Excel (``wengang.spreadsheets.export``): certifications,
monthly flexible-employment claims and public-welfare placements — the viewer's street only
(administrators every street), narrowed to one status when the list asks for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from wengang.accounts.models import User
from wengang.spreadsheets import ID_NUMBER_COLUMN, NO, STREET_COLUMN, YES, ExportColumn, Kind, export

from . import permissions
from .models import Certification, CertificationStatus, ClaimStatus, FlexibleClaim, PlacementStatus, WelfarePlacement

CERTIFICATION_COLUMNS = (
    ExportColumn("申请人", width=12),
    ID_NUMBER_COLUMN,
    ExportColumn("认定类别", width=14),
    STREET_COLUMN,
    ExportColumn("本市户籍", width=10),
    ExportColumn("求职意向", width=24),
    ExportColumn("提交日期", Kind.DATE, width=12),
    ExportColumn("状态", width=12),
    ExportColumn("认定日期", Kind.DATE, width=12),
    ExportColumn("不予认定理由", width=36),
)

CLAIM_COLUMNS = (
    ExportColumn("申领人", width=12),
    ID_NUMBER_COLUMN,
    STREET_COLUMN,
    ExportColumn("缴费月份", width=12),
    ExportColumn("当月实际缴纳社会保险费（元）", Kind.MONEY, width=16),
    ExportColumn("补贴金额（元）", Kind.MONEY, width=14),
    ExportColumn("参数待核实", width=10),
    ExportColumn("状态", width=12),
    ExportColumn("审核日期", Kind.DATE, width=12),
    ExportColumn("不予核准理由", width=36),
)

PLACEMENT_COLUMNS = (
    ExportColumn("公益性岗位", width=24),
    STREET_COLUMN,
    ExportColumn("安置人员", width=12),
    ID_NUMBER_COLUMN,
    ExportColumn("月工资（元）", Kind.MONEY, width=12),
    ExportColumn("安置起始日期", Kind.DATE, width=12),
    ExportColumn("安置终止日期", Kind.DATE, width=12),
    ExportColumn("状态", width=10),
    ExportColumn("结束原因", width=30),
)

#: what each export lists: (title, statuses the URL may narrow it to)
LISTS: dict[str, tuple[str, Any]] = {
    "certifications": ("就业困难人员认定", CertificationStatus),
    "claims": ("灵活就业社会保险补贴申领", ClaimStatus),
    "placements": ("公益性岗位安置", PlacementStatus),
}


def _status(choices: Any, wanted: str | None) -> str | None:
    """The status the list asks for, when it is one of the list's statuses (anything else: every status)."""
    return wanted if wanted in choices.values else None


def _scoped(user: User, rows: QuerySet[Any], street_field: str) -> QuerySet[Any]:
    if permissions.is_street(user):
        return rows.filter(**{street_field: user.street_id})
    return rows if permissions.can_export(user) else rows.none()


def certifications_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(user, Certification.objects.select_related("person", "category", "street"), "street_id")
    rows = rows.exclude(status=CertificationStatus.DRAFT)  # a person's own until submitted
    if wanted := _status(CertificationStatus, status):
        rows = rows.filter(status=wanted)
    data: Iterable[list[Any]] = (
        [
            c.person.display_name,
            c.person.id_number,
            c.category.name,
            c.street.name,
            YES if c.beijing_hukou else NO,
            c.wishes,
            c.submitted_on,
            c.get_status_display(),
            c.decided_on,
            c.refusal,
        ]
        for c in rows.order_by("street__name", "submitted_on", "pk")
    )
    return export(title=LISTS["certifications"][0], columns=CERTIFICATION_COLUMNS, rows=data)


def claims_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(user, FlexibleClaim.objects.select_related("person", "street"), "street_id")
    if wanted := _status(ClaimStatus, status):
        rows = rows.filter(status=wanted)
    data: Iterable[list[Any]] = (
        [
            c.person.display_name,
            c.person.id_number,
            c.street.name,
            f"{c.month.year}年{c.month.month}月",
            c.contributions_paid,
            c.amount,
            YES if c.provisional else NO,
            c.get_status_display(),
            c.decided_on,
            c.refusal,
        ]
        for c in rows.order_by("street__name", "month", "pk")
    )
    return export(title=LISTS["claims"][0], columns=CLAIM_COLUMNS, rows=data)


def placements_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(user, WelfarePlacement.objects.select_related("person", "post__street"), "post__street_id")
    if wanted := _status(PlacementStatus, status):
        rows = rows.filter(status=wanted)
    data: Iterable[list[Any]] = (
        [
            p.post.title,
            p.post.street.name,
            p.person.display_name,
            p.person.id_number,
            p.post.monthly_pay,
            p.start,
            p.end,
            p.get_status_display(),
            p.end_reason,
        ]
        for p in rows.order_by("post__street__name", "post__title", "start", "pk")
    )
    return export(title=LISTS["placements"][0], columns=PLACEMENT_COLUMNS, rows=data)


WRITERS = {"certifications": certifications_xlsx, "claims": claims_xlsx, "placements": placements_xlsx}
