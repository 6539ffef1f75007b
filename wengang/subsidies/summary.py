"""The dashboards' application figures (``ApplicationSummary``), kept exact in SQL.

One definition, :func:`figures`, says what a submitted application adds to the summary (its key:
day, subsidy type, street, industry section, open review due date, 容缺 status; its values: approved,
decided and paid amounts, decided in time or late). Two ways use it:

Each application is counted four times: in its day's, its week's, its month's and its year's rows
(``days`` 1, 7, 31, 366), so that a date range reads whole years, then whole months, then whole
weeks, then days.

* :func:`summary_refresh` — after a change of some applications, in the same transaction: their
  figures now are compared with what was counted (``ApplicationFigures``) and the summary changes by
  the difference. Every move of the case core does it (``workflow.application_transition``), and so
  does whatever else changes what is counted (the 容缺 items). Repeating it changes nothing.
* :func:`summary_rebuild` — everything from scratch by ``INSERT … SELECT`` (nightly Celery beat task
  and ``manage.py rebuild_summary``): applications written outside the services (demo data, bulk
  loads) and firms that moved street are counted anew.

The dashboards read the summary; their drill-down lists and exports read the applications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr, TruncDate, TruncMonth, TruncWeek, TruncYear

from wengang.clock import today

from .models import Application, ApplicationFigures, ApplicationSummary, Deficiency, FigureKey, Status, SummaryDate

#: approved (and maybe paid): what the approval counts and the decided amounts add up
DECIDED_OK = (Status.APPROVED, Status.PAID)
KEY = FigureKey.KEY
VALUES = FigureKey.VALUES
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
Key = tuple[Any, ...]


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def figures(applications: QuerySet[Application], on: dt.date) -> QuerySet[Any]:
    """Each submitted application's id, key and values on the date ``on``, one row each (named
    ``f_application_id`` and ``f_`` + the names of ``KEY`` and ``VALUES``)."""
    ok = Q(status__in=DECIDED_OK)
    decided = Q(decided_at__isnull=False, review_due__isnull=False)
    undecided = Q(decided_at__isnull=True, review_due__isnull=False)
    zero = Value(Decimal("0.00"), output_field=MONEY)
    return (
        applications.filter(submitted_at__isnull=False)
        .annotate(
            f_application_id=F("pk"),
            f_day=TruncDate("submitted_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
            f_subsidy_type_id=F("subsidy_type_id"),
            f_street_id=F("organisation__street_id"),
            f_section=Substr("organisation__industry_code", 1, 1),
            f_deficient_status=Case(
                When(Exists(Deficiency.objects.filter(application=OuterRef("pk"))), then=F("status")),
                default=Value(""),
                output_field=CharField(),
            ),
            f_approved=_flag(ok),
            f_decided=Case(When(ok, then=Coalesce("approved_amount", zero)), default=zero, output_field=MONEY),
            f_paid=Coalesce("payment__amount", zero, output_field=MONEY),
            f_in_time=_flag(decided & Q(decided_at__date__lte=F("review_due"))),
            f_late=_flag(decided & Q(decided_at__date__gt=F("review_due"))),
            f_pending=_flag(undecided & Q(review_due__gte=on)),
            f_overdue=_flag(undecided & Q(review_due__lt=on)),
        )
        .values("f_application_id", *(f"f_{name}" for name in (*KEY, *VALUES)))
        .order_by()
    )


def _split(row: dict[str, Any]) -> tuple[Key, tuple[Any, ...]]:
    return tuple(row[f"f_{k}"] for k in KEY), tuple(row[f"f_{v}"] for v in VALUES)


def _counted(figures: ApplicationFigures) -> tuple[Key, tuple[Any, ...]]:
    return tuple(getattr(figures, k) for k in KEY), tuple(getattr(figures, v) for v in VALUES)


def _add(delta: dict[Key, list[Any]], key: Key, sign: int, values: tuple[Any, ...]) -> None:
    into = delta.setdefault(key, [0] * (1 + len(VALUES)))
    into[0] += sign
    for n, value in enumerate(values, start=1):
        into[n] += sign * value


#: the periods the summary counts, by ``days``: a day, a week from Monday, a calendar month, a year
DAY, WEEK, MONTH, YEAR = 1, 7, 31, 366


def week_of(day: dt.date) -> dt.date:
    """The Monday of the day's week: the weekly rows' ``day``."""
    return day - dt.timedelta(days=day.weekday())


def month_of(day: dt.date) -> dt.date:
    """The first of the day's month: the monthly rows' ``day``."""
    return day.replace(day=1)


def year_of(day: dt.date) -> dt.date:
    """The first of January of the day's year: the yearly rows' ``day``."""
    return day.replace(month=1, day=1)


#: each period, with its first day for a day and its truncation in SQL
PERIODS: tuple[tuple[int, Callable[[dt.date], dt.date], Any], ...] = (
    (DAY, lambda day: day, None),
    (WEEK, week_of, TruncWeek),
    (MONTH, month_of, TruncMonth),
    (YEAR, year_of, TruncYear),
)


def _where(key: Key) -> dict[str, Any]:
    names = ("days", *KEY)
    return {(f"{k}__isnull" if v is None else k): (True if v is None else v) for k, v in zip(names, key, strict=True)}


def _order(key: Key) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in key)


def _as_of() -> dt.date:
    """The summary's date, read with a shared lock: moving it on (``summary_as_of``) waits for
    the refreshes counting on it, and they for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT as_of FROM {SummaryDate._meta.db_table} WHERE id = 1 FOR SHARE")
            row = cursor.fetchone()
        if row is not None:
            return row[0]  # type: ignore[no-any-return]
    return SummaryDate.objects.get_or_create(pk=1, defaults={"as_of": today()})[0].as_of


def summary_refresh(application_ids: Iterable[int], *, on: dt.date | None = None) -> None:
    """Bring the summary up to date for these applications (their change is in this transaction)."""
    ids = sorted(set(application_ids))
    if not ids:
        return
    with transaction.atomic():
        on = on or _as_of()
        now = {row["f_application_id"]: _split(row) for row in figures(Application.objects.filter(pk__in=ids), on)}
        was = {
            f.application_id: f
            for f in ApplicationFigures.objects.select_for_update().filter(application_id__in=ids).order_by("pk")
        }
        delta: dict[Key, list[Any]] = {}
        for pk in ids:
            new, old = now.get(pk), was.get(pk)
            if old is not None and new == _counted(old):
                continue
            if old is not None:
                _add(delta, _counted(old)[0], -1, _counted(old)[1])
            if new is None:
                ApplicationFigures.objects.filter(application_id=pk).delete()
                continue
            _add(delta, new[0], 1, new[1])
            fields = dict(zip(KEY, new[0], strict=True)) | dict(zip(VALUES, new[1], strict=True))
            if old is None:
                ApplicationFigures.objects.create(application_id=pk, **fields)
            else:
                ApplicationFigures.objects.filter(application_id=pk).update(**fields)
        periods: dict[Key, list[Any]] = {}
        for key, change in delta.items():
            for days, first_of, _ in PERIODS:
                into = periods.setdefault((days, first_of(key[0]), *key[1:]), [0] * len(change))
                for n, value in enumerate(change):
                    into[n] += value
        # one order for every transaction: two refreshes at once never wait on each other in a circle
        for key in sorted(periods, key=_order):
            _apply(key, periods[key])


def _apply(key: Key, change: list[Any]) -> None:
    n, *values = change
    if not n and not any(values):
        return
    where = _where(key)
    row = ApplicationSummary.objects.select_for_update().filter(**where).order_by("pk").first()
    if row is None:
        ApplicationSummary.objects.create(
            n=n, **dict(zip(("days", *KEY), key, strict=True)), **dict(zip(VALUES, values, strict=True))
        )
        return
    ApplicationSummary.objects.filter(pk=row.pk).update(
        n=F("n") + n, **{name: F(name) + value for name, value in zip(VALUES, values, strict=True)}
    )
    if n < 0:
        ApplicationSummary.objects.filter(pk=row.pk, n=0).delete()


def summary_as_of(on: dt.date) -> None:
    """Split the undecided cases on ``on`` (the service's today), for the dashboards' first reader
    of a new day: only the cases whose review due date lies between the old date and ``on`` change."""
    state = SummaryDate.objects.filter(pk=1).first()
    if state is not None and state.as_of == on:
        return
    with transaction.atomic():
        state = SummaryDate.objects.select_for_update().filter(pk=1).first()
        if state is not None and state.as_of == on:
            return
        low, high = sorted((state.as_of if state else on, on))
        SummaryDate.objects.update_or_create(pk=1, defaults={"as_of": on})
        changed = Application.objects.filter(
            submitted_at__isnull=False, decided_at__isnull=True, review_due__gte=low, review_due__lt=high
        )
        summary_refresh(changed.values_list("pk", flat=True), on=on)


def summary_rebuild(applications: QuerySet[Any] | None = None) -> int:
    """Count every submitted application anew (both tables replaced in one transaction; moves made
    meanwhile wait and then refresh against the new count). Returns the summary's rows.
    ``applications``: all of them, from the migration's historical model."""
    figures_table = ApplicationFigures._meta.db_table
    summary_table = ApplicationSummary._meta.db_table
    columns = ", ".join((*KEY, *VALUES))
    on = today()
    source = Application.objects.all() if applications is None else applications
    sql, params = figures(source, on).query.sql_with_params()
    selected = ", ".join(f"f.f_{name}" for name in (*KEY, *VALUES))
    sums = ", ".join(f"SUM({v})" for v in VALUES)
    with transaction.atomic(), connection.cursor() as cursor:
        # the date first, as a refresh takes it (shared) before the tables: never a lock cycle
        SummaryDate.objects.update_or_create(pk=1, defaults={"as_of": on})
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {figures_table}, {summary_table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {summary_table}")
        cursor.execute(f"DELETE FROM {figures_table}")
        cursor.execute(
            f"INSERT INTO {figures_table} (application_id, {columns}) SELECT f.f_application_id, {selected} FROM ({sql}) f",
            params,
        )
        cursor.execute(
            f"INSERT INTO {summary_table} (days, {', '.join(KEY)}, n, {', '.join(VALUES)}) "
            f"SELECT 1, {', '.join(KEY)}, COUNT(*), {sums} FROM {figures_table} GROUP BY {', '.join(KEY)}"
        )
        for days, _, trunc in PERIODS[1:]:
            summary_count_period(days, trunc)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {figures_table}")
            cursor.execute(f"ANALYZE {summary_table}")
    return ApplicationSummary.objects.count()


def summary_count_period(days: int, trunc: Any) -> None:
    """Add the rows of one period (``days``, ``trunc`` its first day in SQL) from the counted
    figures: in a rebuild, and once for a period the summary did not count before."""
    summary_table = ApplicationSummary._meta.db_table
    periods, period_params = _rollup(trunc).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {summary_table} (days, {', '.join(KEY)}, n, {', '.join(VALUES)}) "
            f"SELECT {days}, {', '.join(f'w.w_{k}' for k in (*KEY, 'n', *VALUES))} FROM ({periods}) w",
            period_params,
        )


def _rollup(trunc: type[TruncWeek | TruncMonth | TruncYear]) -> QuerySet[Any]:
    """The figures added up per week, month or year (named ``w_`` + the summary's columns)."""
    return (
        ApplicationFigures.objects.values(
            w_day=trunc("day", output_field=DateField()),
            **{f"w_{k}": F(k) for k in KEY[1:]},
        )
        .annotate(w_n=Count("pk"), **{f"w_{v}": Sum(v) for v in VALUES})
        .order_by()
    )


def summary_totals() -> dict[Key, tuple[Any, ...]]:
    """The summary per key (repeated rows added up): what a rebuild must reproduce."""
    rows = (
        ApplicationSummary.objects.values("days", *KEY)
        .annotate(total=Sum("n"), **{f"t_{v}": Sum(v) for v in VALUES})
        .order_by()
    )
    return {
        tuple(r[k] for k in ("days", *KEY)): (r["total"], *(r[f"t_{v}"] for v in VALUES))
        for r in rows
        if r["total"] or any(r[f"t_{v}"] for v in VALUES)
    }
