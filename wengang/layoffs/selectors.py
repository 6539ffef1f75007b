"""Reads for layoff reports: lists per role, public verification, the early-warning counts."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Case, CharField, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Concat, Substr, Trim, Upper

from wengang.accounts.models import User
from wengang.registry.models import Street

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


def layoff_counts(
    by: Literal["street", "industry"] = "street", since: dt.date | None = None, *, prefix: int = 1
) -> list[tuple[str, int]]:
    """People laid off in accepted reports, per street or per industry code prefix (the first
    ``prefix`` characters: 1 = 门类 such as ``F``), accepted on or after ``since``; largest first.
    Summed by the database in one query."""
    if by not in ("street", "industry"):
        raise ValueError(f"by must be 'street' or 'industry', not {by!r}")
    qs = LayoffReport.objects.filter(status=Status.ACCEPTED)
    if since is not None:
        qs = qs.filter(accepted_on__gte=since)
    if by == "street":
        key: Any = Case(
            When(organisation__street__isnull=True, then=Value(UNKNOWN_STREET)),
            When(organisation__street__kind=Street.Kind.STREET, then=Concat("organisation__street__name", Value("街道"))),
            default=Concat("organisation__street__name", Value("地区")),
            output_field=CharField(),
        )
    else:
        qs = qs.annotate(code=Upper(Trim("organisation__industry_code")))
        key = Case(When(code="", then=Value(UNKNOWN_INDUSTRY)), default=Substr("code", 1, prefix), output_field=CharField())
    rows = qs.annotate(key=key).values("key").annotate(people=Coalesce(Sum("layoffs"), 0)).values_list("key", "people")
    return sorted(((str(k), int(n)) for k, n in rows), key=lambda kv: (-kv[1], kv[0]))
