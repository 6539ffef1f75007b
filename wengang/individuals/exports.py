"""The street office's 失业登记 and 失业保险金 lists as Excel (``wengang.spreadsheets.export``):
registrations, benefit claims and their monthly payments — the viewer's street only
(administrators every street). Without ``?status=`` a list exports what the workbench shows
(registrations waiting for confirmation; claims in review or being paid); ``?status=all`` every
status, or one of the list's statuses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from wengang.accounts.models import User
from wengang.spreadsheets import ID_NUMBER_COLUMN, NO, STREET_COLUMN, YES, ExportColumn, Kind, export

from . import permissions
from .models import (
    OPEN_CLAIMS,
    BenefitClaim,
    BenefitPayment,
    ClaimStatus,
    PaymentStatus,
    RegistrationStatus,
    UnemploymentRegistration,
)

REGISTRATION_COLUMNS = (
    ExportColumn("编号", width=14),
    ExportColumn("登记人", width=12),
    ID_NUMBER_COLUMN,
    STREET_COLUMN,
    ExportColumn("原工作单位", width=30),
    ExportColumn("离职日期", Kind.DATE, width=12),
    ExportColumn("离职原因", width=18),
    ExportColumn("求职意向", width=20),
    ExportColumn("登记日期", Kind.DATE, width=12),
    ExportColumn("证明材料", width=14),
    ExportColumn("状态", width=14),
    ExportColumn("确认日期", Kind.DATE, width=12),
    ExportColumn("就业日期", Kind.DATE, width=12),
    ExportColumn("就业单位", width=30),
)

CLAIM_COLUMNS = (
    ExportColumn("编号", width=14),
    ExportColumn("申领人", width=12),
    ID_NUMBER_COLUMN,
    STREET_COLUMN,
    ExportColumn("申领日期", Kind.DATE, width=12),
    ExportColumn("累计缴费年限", width=12),
    ExportColumn("状态", width=16),
    ExportColumn("领取月数", Kind.INTEGER, width=10),
    ExportColumn("月标准（元）", Kind.MONEY, width=12),
    ExportColumn("合计（元）", Kind.MONEY, width=12),
    ExportColumn("参数待核实", width=10),
    ExportColumn("审核日期", Kind.DATE, width=12),
)

PAYMENT_COLUMNS = (
    ExportColumn("申领编号", width=14),
    ExportColumn("申领人", width=12),
    ID_NUMBER_COLUMN,
    STREET_COLUMN,
    ExportColumn("发放月份", width=12),
    ExportColumn("金额（元）", Kind.MONEY, width=12),
    ExportColumn("状态", width=10),
    ExportColumn("发放日期", Kind.DATE, width=12),
)

#: each list: its title and what the workbench shows when no status is asked for
LISTS: dict[str, str] = {
    "registrations": "失业登记",
    "claims": "失业保险金申领",
    "payments": "失业保险金发放",
}


def _narrow(rows: QuerySet[Any], choices: Any, status: str | None, shown: Iterable[str]) -> QuerySet[Any]:
    if status == "all":
        return rows
    if status in choices.values:
        return rows.filter(status=status)
    return rows.filter(status__in=list(shown))


def _scoped(user: User, rows: QuerySet[Any], street_field: str) -> QuerySet[Any]:
    if permissions.is_street_office(user):
        return rows.filter(**{street_field: user.street_id})
    return rows if permissions.can_use_queue(user) else rows.none()


def registrations_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(
        user,
        UnemploymentRegistration.objects.select_related("person", "street").annotate(proofs=Count("materials")),
        "street_id",
    )
    rows = _narrow(rows, RegistrationStatus, status, [RegistrationStatus.SUBMITTED])
    data: Iterable[list[Any]] = (
        [
            r.reference,
            r.person.display_name,
            r.person.id_number,
            r.street.name,
            r.last_employer,
            r.separation_date,
            r.get_separation_reason_display(),
            r.job_wishes,
            r.filed_on,
            "已提交" if r.proofs else "容缺，待补交",
            r.get_status_display(),
            r.registered_on,
            r.employed_on,
            r.employer,
        ]
        for r in rows.order_by("street__name", "filed_on", "pk")
    )
    return export(title=LISTS["registrations"], columns=REGISTRATION_COLUMNS, rows=data)


def claims_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(
        user, BenefitClaim.objects.select_related("person", "registration__street"), "registration__street_id"
    )
    rows = _narrow(rows, ClaimStatus, status, OPEN_CLAIMS)
    data: Iterable[list[Any]] = (
        [
            c.reference,
            c.person.display_name,
            c.person.id_number,
            c.registration.street.name,
            c.filed_on,
            f"{c.contribution_years}年",
            c.get_status_display(),
            c.months,
            c.monthly,
            c.total,
            YES if c.provisional else NO,
            c.decided_on,
        ]
        for c in rows.order_by("registration__street__name", "filed_on", "pk")
    )
    return export(title=LISTS["claims"], columns=CLAIM_COLUMNS, rows=data)


def payments_xlsx(user: User, status: str | None = None) -> bytes:
    rows = _scoped(
        user,
        BenefitPayment.objects.select_related("claim__person", "claim__registration__street"),
        "claim__registration__street_id",
    )
    rows = _narrow(rows, PaymentStatus, status, PaymentStatus.values)
    data: Iterable[list[Any]] = (
        [
            p.claim.reference,
            p.claim.person.display_name,
            p.claim.person.id_number,
            p.claim.registration.street.name,
            f"{p.month.year}年{p.month.month}月",
            p.amount,
            p.get_status_display(),
            p.paid_on,
        ]
        for p in rows.order_by("claim__registration__street__name", "claim__pk", "month")
    )
    return export(title=LISTS["payments"], columns=PAYMENT_COLUMNS, rows=data)


WRITERS = {"registrations": registrations_xlsx, "claims": claims_xlsx, "payments": payments_xlsx}
