"""Reads for layoff reports: lists per role, public verification, the early-warning counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal

from django.db.models import QuerySet

from wengang.accounts.models import User
from wengang.registry.models import Organisation

from .models import LayoffReport, Status
from .permissions import is_enterprise, is_labour_relations

UNKNOWN_STREET = "未登记街乡"
UNKNOWN_INDUSTRY = "未登记行业"


def reports_for(user: User) -> QuerySet[LayoffReport]:
    """The enterprise's own reports; every submitted report for the 劳动关系科 and administrators."""
    qs = LayoffReport.objects.select_related("organisation").order_by("-updated_at", "-id")
    if is_enterprise(user) and user.organisation_id is not None:
        return qs.filter(organisation_id=user.organisation_id)
    if is_labour_relations(user) or user.is_superuser or user.role == "admin":
        return qs.exclude(status=Status.DRAFT)
    return qs.none()


def receipt_by_number(number: str) -> LayoffReport | None:
    """An issued receipt, for the public page; None when there is no such number."""
    text = (number or "").strip()
    if not text:
        return None
    return (
        LayoffReport.objects.select_related("organisation").filter(receipt_number=text, status=Status.ACCEPTED).first()
    )


def _industry_key(org: Organisation, prefix: int) -> str:
    code = (org.industry_code or "").strip().upper()
    return code[:prefix] if code else UNKNOWN_INDUSTRY


def layoff_counts(
    by: Literal["street", "industry"] = "street", since: dt.date | None = None, *, prefix: int = 1
) -> list[tuple[str, int]]:
    """People laid off in accepted reports, per street or per industry code prefix (the first
    ``prefix`` characters: 1 = 门类 such as ``F``), accepted on or after ``since``; largest first."""
    if by not in ("street", "industry"):
        raise ValueError(f"by must be 'street' or 'industry', not {by!r}")
    qs = LayoffReport.objects.filter(status=Status.ACCEPTED).select_related("organisation__street")
    if since is not None:
        qs = qs.filter(accepted_on__gte=since)
    totals: dict[str, int] = defaultdict(int)
    for report in qs:
        org = report.organisation
        if by == "street":
            key = str(org.street) if org.street else UNKNOWN_STREET
        else:
            key = _industry_key(org, prefix)
        totals[key] += report.layoffs or 0
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
