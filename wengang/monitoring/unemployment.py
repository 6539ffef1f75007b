"""The individuals' side of the monitoring page (N8 records, issue 13): per month and street, new
unemployment registrations (confirmed by the street office, counted by the date of confirmation),
失业保险金 claims filed (by filing date) and granted (by decision date), and the people paid the
benefit (by the month paid). These are counts of our own records: a month with none is 0, not 待定.
The street is the registration's street. Every figure is counted by the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth

from wengang.individuals.models import (
    CONFIRMED_REGISTRATIONS,
    BenefitClaim,
    BenefitPayment,
    ClaimStatus,
    PaymentStatus,
    UnemploymentRegistration,
)
from wengang.registry.models import Street

#: granted claims: approved, or approved and later stopped by 就业登记
GRANTED = (ClaimStatus.APPROVED, ClaimStatus.STOPPED)
MEASURES = ("registered", "filed", "granted", "recipients")
LABELS = {
    "registered": "新增失业登记",
    "filed": "失业保险金申领",
    "granted": "失业保险金核准",
    "recipients": "领取失业保险金人数",
}


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _counted(since: dt.date, until: dt.date, street_id: int | None) -> dict[str, QuerySet[Any]]:
    """Each measure's rows from the first day of ``since`` to the end of ``until``, with the month
    (``m``) and the street (``sid``) it counts under; not yet counted."""
    end = _next_month(until)
    regs = UnemploymentRegistration.objects.filter(
        status__in=CONFIRMED_REGISTRATIONS, registered_on__gte=since, registered_on__lt=end
    ).annotate(m=TruncMonth("registered_on"), sid=F("street_id"))
    filed = BenefitClaim.objects.filter(filed_on__gte=since, filed_on__lt=end).annotate(
        m=TruncMonth("filed_on"), sid=F("registration__street_id")
    )
    granted = BenefitClaim.objects.filter(status__in=GRANTED, decided_on__gte=since, decided_on__lt=end).annotate(
        m=TruncMonth("decided_on"), sid=F("registration__street_id")
    )
    paid = BenefitPayment.objects.filter(status=PaymentStatus.PAID, month__gte=since, month__lt=end).annotate(
        m=F("month"), sid=F("claim__registration__street_id")
    )
    out: dict[str, QuerySet[Any]] = {"registered": regs, "filed": filed, "granted": granted, "recipients": paid}
    if street_id is not None:
        out = {k: qs.filter(sid=street_id) for k, qs in out.items()}
    return out


def _count(measure: str) -> Count:
    # a person paid twice for one month (a stopped claim and a new one) is one person receiving benefit
    return Count("claim__person", distinct=True) if measure == "recipients" else Count("id")


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class Counts:
    label: str
    registered: int
    filed: int
    granted: int
    recipients: int

    def values(self) -> tuple[int, int, int, int]:
        return (self.registered, self.filed, self.granted, self.recipients)


def by_month(*, since: dt.date, until: dt.date, street_id: int | None = None) -> list[tuple[dt.date, Counts]]:
    """Every month from ``since`` to ``until`` (first days), the district's (or one street's) counts;
    four grouped queries, one per measure."""
    months = []
    m = since.replace(day=1)
    while m <= until:
        months.append(m)
        m = _next_month(m)
    found = {
        measure: {_day(r["m"]): r["n"] for r in qs.values("m").annotate(n=_count(measure)).order_by("m")}
        for measure, qs in _counted(since.replace(day=1), until.replace(day=1), street_id).items()
    }
    return [(month, Counts(f"{month:%Y年%-m月}", *(found[k].get(month, 0) for k in MEASURES))) for month in months]


def by_street(*, month: dt.date, street_id: int | None = None) -> tuple[list[Counts], Counts]:
    """One month per street (every street, or the one street; none = 0) and the district's total,
    counted on its own (a person is one recipient however many streets)."""
    month = month.replace(day=1)
    queries = _counted(month, month, street_id)
    found = {
        measure: dict(qs.values("sid").annotate(n=_count(measure)).order_by("sid").values_list("sid", "n"))
        for measure, qs in queries.items()
    }
    streets = Street.objects.all() if street_id is None else Street.objects.filter(pk=street_id)
    rows = [Counts(str(s), *(found[k].get(s.pk, 0) for k in MEASURES)) for s in streets]
    total = Counts(
        "全区合计" if street_id is None else "合计",
        *(queries[k].aggregate(n=_count(k))["n"] or 0 for k in MEASURES),
    )
    return rows, total
