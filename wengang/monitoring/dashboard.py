"""The dashboards' figures: each chart is a table of aggregates over the rows the scope selects —
the chart, its accessible data table and its Excel export are the same rows. The application charts
read the maintained summary (``subsidies.summary``: one row per period, subsidy type, street,
industry section…) through one ``Reading`` per page: one statement for the groups per subsidy type,
street, section and 容缺 status (``GROUPING SETS`` on PostgreSQL), one query for the weeks; the
drill-down lists the applications themselves. Nothing here loops over application rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, QuerySet, Sum, When
from django.db.models.functions import Cast, TruncWeek
from django.urls import reverse
from django.utils import timezone

from wengang.calculator.templatetags.calculator_tags import yuan
from wengang.clock import today
from wengang.registry.models import Street
from wengang.subsidies.models import Application, ApplicationSummary, Deficiency, Status, SubsidyType
from wengang.subsidies.summary import DAY, MONTH, WEEK, YEAR, month_of, summary_as_of, week_of, year_of

#: GB/T 4754-2017 门类 (the first letter of an industry code)
SECTIONS = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}
UNKNOWN = "未登记"
DECIDED_OK = (Status.APPROVED, Status.PAID)


@dataclass(frozen=True)
class Scope:
    """What the dashboards count: submissions in a date range, of one street, of one industry."""

    start: dt.date | None = None
    end: dt.date | None = None
    street_id: int | None = None
    industry: str = ""

    def query(self, **extra: str) -> str:
        """The scope (plus a drill-down key) as URL parameters."""
        params = {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
            "street": str(self.street_id or ""),
            "industry": self.industry,
            **extra,
        }
        return urlencode({k: v for k, v in params.items() if v})


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int | Decimal, ...]
    #: URL parameters selecting the row's items in the drill-down list
    drill: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    headers: tuple[str, ...]  # the label column, then one per value
    rows: list[Row]
    kind: str = "bar"  # or "line"; "stacked" stacks the bars
    #: which value columns are money (plotted on the second axis, written as money cells)
    money: frozenset[int] = frozenset()
    list_url: str = ""
    note: str = ""
    scope: Scope = Scope()
    #: whether the drill-down list reads the dashboard's filters (our own lists) or only the row's
    #: keys (another app's list, e.g. the public job search)
    keep_scope: bool = True

    def link(self, row: Row) -> str:
        if not self.list_url:
            return ""
        return f"{self.list_url}?{self.scope.query(**row.drill) if self.keep_scope else urlencode(row.drill)}"

    def echarts(self) -> dict[str, Any]:
        """What the browser plots: labels and one series per value column."""
        return {
            "kind": self.kind,
            "labels": [r.label for r in self.rows],
            "series": [
                {"name": name, "money": n in self.money, "values": [str(r.values[n]) for r in self.rows]}
                for n, name in enumerate(self.headers[1:])
            ],
        }

    def table(self) -> list[tuple[Row, str, list[str]]]:
        """The data table's rows: each with its drill-down link and its cells as shown (money as
        "1,234.00 元"), formatted here once rather than value by value in the template."""
        return [
            (r, self.link(r), [yuan(v) if n in self.money else str(v) for n, v in enumerate(r.values)])
            for r in self.rows
        ]


# ---- the rows a scope selects ---------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def scoped(
    qs: QuerySet[Any],
    scope: Scope,
    *,
    when: str,
    instant: bool = True,
    street: str = "organisation__street_id",
    industry: str = "organisation__industry_code",
) -> QuerySet[Any]:
    """Rows of the scope: ``when`` in the date range (a range on the stored instant, so an index
    serves it), of the street and of the industry section."""
    if scope.start:
        qs = qs.filter(**{f"{when}__gte": _day_start(scope.start) if instant else scope.start})
    if scope.end:
        after = scope.end + dt.timedelta(days=1)
        qs = qs.filter(**{f"{when}__lt": _day_start(after) if instant else after})
    if scope.street_id:
        qs = qs.filter(**{street: scope.street_id})
    if scope.industry:
        qs = qs.filter(**{f"{industry}__startswith": scope.industry})
    return qs


def applications(scope: Scope) -> QuerySet[Application]:
    """Submitted applications in the scope."""
    return scoped(Application.objects.filter(submitted_at__isnull=False), scope, when="submitted_at")


def by_section_and_street(qs: QuerySet[Any], params: dict[str, str]) -> QuerySet[Any]:
    """The drill-down keys every organisation-based list shares: no street, an industry section."""
    if params.get("in_street") == "none":
        qs = qs.filter(organisation__street__isnull=True)
    if section := params.get("section"):
        if section == "none":
            return qs.filter(organisation__industry_code="")
        qs = qs.filter(organisation__industry_code__startswith=section[:1])
    return qs


def drill_down(qs: QuerySet[Application], params: dict[str, str]) -> QuerySet[Application]:
    """The applications behind one row of a chart (the list's own keys; unknown values select none)."""
    if policy := params.get("subsidy"):
        qs = qs.filter(subsidy_type__policy=policy)
    if "week" in params:
        try:
            week = dt.date.fromisoformat(params["week"])
        except ValueError:
            return qs.none()
        qs = qs.filter(submitted_at__gte=_day_start(week), submitted_at__lt=_day_start(week + dt.timedelta(days=7)))
    qs = by_section_and_street(qs, params)
    if status := params.get("status"):
        qs = qs.filter(status=status)
    if params.get("deficient"):
        qs = qs.filter(Exists(Deficiency.objects.filter(application=OuterRef("pk"))))
    if bucket := params.get("review"):
        qs = qs.filter(REVIEW_BUCKETS[bucket][1]()) if bucket in REVIEW_BUCKETS else qs.none()
    return qs


# ---- application charts: read from the maintained summary (``subsidies.summary``) --------------

METRIC_HEADERS = ("申请件数", "通过件数", "核定金额（元）", "拨付金额（元）")
METRIC_MONEY = frozenset({2, 3})


Segment = tuple[int, dt.date | None, dt.date | None]


def _weeks_and_days(start: dt.date, end: dt.date) -> list[Segment]:
    """[start, end] as the whole weeks inside it and the days before and after them."""
    first = week_of(start + dt.timedelta(days=6))  # the first Monday from start
    after = week_of(end + dt.timedelta(days=1))  # the Monday after the last whole week
    if first >= after:
        return [(DAY, start, end + dt.timedelta(days=1))]
    return [
        (WEEK, first, after),
        *([(DAY, start, first)] if start < first else []),
        *([(DAY, after, end + dt.timedelta(days=1))] if end >= after else []),
    ]


def _months_weeks_days(start: dt.date | None, end: dt.date | None) -> list[Segment]:
    """[start, end] (either end open) as the whole months inside it, then whole weeks and days."""
    first = month_of(month_of(start) + dt.timedelta(days=32)) if start and start.day > 1 else start
    after = month_of(end + dt.timedelta(days=1)) if end else None  # the first day after the last whole month
    if start and end and first and after and first >= after:
        return _weeks_and_days(start, end)
    return [
        (MONTH, first, after),
        *(_weeks_and_days(start, first - dt.timedelta(days=1)) if start and first and start < first else []),
        *(_weeks_and_days(after, end) if end and after and end >= after else []),
    ]


def segments(start: dt.date | None, end: dt.date | None, *, months: bool = True) -> list[Segment]:
    """A date range (either end open) as summary periods: (``days``, from, before) — the whole
    years inside it, then the whole months, then the whole weeks and the days at either end (no
    years or months: for a chart per week, as their rows do not say in which week)."""
    if not months:
        if start and end:
            return _weeks_and_days(start, end)
        first = week_of(start + dt.timedelta(days=6)) if start else None
        after = week_of(end + dt.timedelta(days=1)) if end else None
        return [
            (WEEK, first, after),
            *([(DAY, start, first)] if start and first and start < first else []),
            *([(DAY, after, end + dt.timedelta(days=1))] if end and after and end >= after else []),
        ]
    first = year_of(start.replace(year=start.year + 1)) if start and start != year_of(start) else start
    after = year_of(end + dt.timedelta(days=1)) if end else None  # the first day after the last whole year
    if start and end and first and after and first >= after:
        return _months_weeks_days(start, end)
    return [
        (YEAR, first, after),
        *(_months_weeks_days(start, first - dt.timedelta(days=1)) if start and first and start < first else []),
        *(_months_weeks_days(after, end) if end and after and end >= after else []),
    ]


def summary_where(scope: Scope, *, months: bool = True) -> Q:
    """The summary rows of the scope's submitted applications (the same scope as
    :func:`applications`: the day of submission on the service's time zone, the firm's street and
    industry section): the periods of :func:`segments`, in one condition."""
    periods = Q()
    for days, since, before in segments(scope.start, scope.end, months=months):
        part = Q(days=days)
        if since:
            part &= Q(day__gte=since)
        if before:
            part &= Q(day__lt=before)
        periods |= part
    where = periods
    if scope.street_id:
        where &= Q(street_id=scope.street_id)
    if scope.industry:
        where &= Q(section=scope.industry[:1])
    return where


def _order(key: Any) -> tuple[bool, Any]:
    return (key is None, "" if key is None else key)


#: what the summary adds up: the count, then the values (``FigureKey.VALUES``)
SUMS = ("n", *ApplicationSummary.VALUES)
MONEY_SUMS = frozenset({"decided", "paid"})
#: the groups the application charts read: name → the summary's column
GROUPS = {"tid": "subsidy_type_id", "sid": "street_id", "sec": "section", "st": "deficient_status"}
CENT = Decimal("0.01")


def _money(value: Any) -> Decimal:
    """A sum of amounts as a Decimal of cents (SQLite adds them up as floats)."""
    if value is None:
        return Decimal("0.00")
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(CENT)


def grouped_sql(where_sql: str, *, grouping_sets: bool) -> str:
    """One statement adding up the summary rows of ``where_sql`` per subsidy type, per street, per
    industry section and per 容缺 status (``GROUPS``): each result row starts with the index of its
    group and the four keys (the others' empty). PostgreSQL reads the rows once (``GROUPING SETS``);
    elsewhere the four ``GROUP BY`` are joined with ``UNION ALL``."""
    table = connection.ops.quote_name(ApplicationSummary._meta.db_table)
    sums = ", ".join(f"SUM({name})" for name in SUMS)
    columns = list(GROUPS.values())
    if grouping_sets:
        # GROUPING(a, b, c, d) sets a bit (a the highest) for each column the row is not grouped by
        full = (1 << len(columns)) - 1
        which = " ".join(f"WHEN {full ^ (1 << (len(columns) - 1 - i))} THEN {i}" for i in range(len(columns)))
        return (
            f"SELECT CASE GROUPING({', '.join(columns)}) {which} END, {', '.join(columns)}, {sums} "
            f"FROM {table} WHERE {where_sql} GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in columns)})"
        )
    return " UNION ALL ".join(
        f"SELECT {i}, {', '.join(c if c == column else 'NULL' for c in columns)}, {sums} "
        f"FROM {table} WHERE {where_sql} GROUP BY {column}"
        for i, column in enumerate(columns)
    )


class Reading:
    """What the charts of one scope read, each thing once per page: the summary's groups (one
    statement), its weeks (one query), the names of subsidy types and streets."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._as_of = False

    def _summary_ready(self) -> None:
        if not self._as_of:
            summary_as_of(today())  # the first reader of a day splits the undecided cases anew
            self._as_of = True

    @cached_property
    def groups(self) -> dict[str, list[dict[str, Any]]]:
        """The scope's summary added up per group of ``GROUPS``: rows (the group's name as the key,
        then ``SUMS``; money as Decimal) in key order, those counting nothing left out."""
        self._summary_ready()
        query = ApplicationSummary.objects.filter(summary_where(self.scope)).query
        compiler = query.get_compiler(connection=connection)
        where_sql, params = compiler.compile(query.where)
        grouping_sets = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute(
                grouped_sql(where_sql, grouping_sets=grouping_sets), [*params] * (1 if grouping_sets else len(GROUPS))
            )
            found = cursor.fetchall()
        names = list(GROUPS)
        out: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        for which, *keys_and_sums in found:
            name = names[which]
            key, sums = keys_and_sums[which], keys_and_sums[len(names) :]
            row = {s: (_money(v) if s in MONEY_SUMS else v or 0) for s, v in zip(SUMS, sums, strict=True)}
            if any(row.values()):
                out[name].append({name: key, **row})
        for name, rows in out.items():
            rows.sort(key=lambda r, name=name: _order(r[name]))  # type: ignore[misc]
        return out

    @cached_property
    def weeks(self) -> list[dict[str, Any]]:
        """The scope's summary added up per week from Monday (weeks and days, no months)."""
        self._summary_ready()
        rows = (
            ApplicationSummary.objects.filter(summary_where(self.scope, months=False))
            # a weekly row's day is its Monday: only the days at the range's ends are truncated
            .values(
                week=Case(
                    When(days=WEEK, then=F("day")),
                    default=Cast(TruncWeek("day", output_field=DateField()), DateField()),
                    output_field=DateField(),
                )
            )
            .annotate(n=Sum("n"), approved=Sum("approved"), decided=Sum("decided"), paid=Sum("paid"))
            .order_by("week")
        )
        return [r for r in rows if r["n"] or r["approved"] or r["decided"] or r["paid"]]

    @cached_property
    def subsidy_types(self) -> dict[int, tuple[str, str]]:
        return {t.pk: (t.policy, str(t)) for t in SubsidyType.objects.all()}

    @cached_property
    def streets(self) -> dict[int, str]:
        return {s.pk: str(s) for s in Street.objects.all()}


def reading(scope: Scope | Reading) -> Reading:
    """A chart's source: the page's shared reading, or a new one for a chart built alone."""
    return scope if isinstance(scope, Reading) else Reading(scope)


def _metric_values(r: dict[str, Any]) -> tuple[int | Decimal, ...]:
    return (r["n"], r["approved"], _money(r["decided"]), _money(r["paid"]))


def _by_subsidy_type(read: Reading) -> list[tuple[str, str, dict[str, Any]]]:
    """The rows per subsidy type as (policy, name, row), in policy order."""
    names = read.subsidy_types
    out = [(*names.get(r["tid"], (str(r["tid"]), str(r["tid"]))), r) for r in read.groups["tid"]]
    return sorted(out, key=lambda row: row[0])


def by_subsidy(scope: Scope | Reading) -> list[Row]:
    return [Row(name, _metric_values(r), {"subsidy": policy}) for policy, name, r in _by_subsidy_type(reading(scope))]


def by_week(scope: Scope | Reading) -> list[Row]:
    return [
        Row(f"{r['week']:%Y-%m-%d}起", _metric_values(r), {"week": r["week"].isoformat()}) for r in reading(scope).weeks
    ]


def street_rows(
    rows: Iterable[dict[str, Any]],
    values: Callable[[dict[str, Any]], tuple[int | Decimal, ...]],
    streets: dict[int, str] | None = None,
) -> list[Row]:
    """Aggregates keyed ``sid`` (a street id or none) as rows labelled with the street's name."""
    streets = {s.pk: str(s) for s in Street.objects.all()} if streets is None else streets
    return [
        Row(
            streets.get(r["sid"], UNKNOWN) if r["sid"] else f"{UNKNOWN}街乡",
            values(r),
            {"street": str(r["sid"])} if r["sid"] else {"in_street": "none"},
        )
        for r in rows
    ]


def by_street(scope: Scope | Reading) -> list[Row]:
    read = reading(scope)
    return street_rows(read.groups["sid"], _metric_values, read.streets)


def by_industry(scope: Scope | Reading) -> list[Row]:
    return [
        Row(
            f"{r['sec']} {SECTIONS.get(r['sec'], '')}".strip() if r["sec"] else f"{UNKNOWN}行业",
            _metric_values(r),
            {"section": r["sec"] or "none"},
        )
        for r in reading(scope).groups["sec"]
    ]


def _decided_in_time() -> Q:
    return Q(decided_at__isnull=False, decided_at__date__lte=F("review_due"))


def _decided_late() -> Q:
    return Q(decided_at__isnull=False, decided_at__date__gt=F("review_due"))


def _open_in_time() -> Q:
    return Q(decided_at__isnull=True, review_due__gte=today())


def _open_overdue() -> Q:
    return Q(decided_at__isnull=True, review_due__lt=today())


#: review time against the 15-working-day limit (``review_due``): label, condition on applications
#: (the drill-down list), and the same count from the summary
REVIEW_BUCKETS: dict[str, tuple[str, Callable[[], Q]]] = {
    "in_time": ("期限内办结", _decided_in_time),
    "late": ("超期办结", _decided_late),
    "open": ("办理中（未超期）", _open_in_time),
    "overdue": ("办理中（已超期）", _open_overdue),
}


def review_times(scope: Scope | Reading) -> list[Row]:
    buckets = {"in_time": "in_time", "late": "late", "open": "pending", "overdue": "overdue"}
    return [
        Row(name, tuple(r[buckets[key]] for key in REVIEW_BUCKETS), {"subsidy": policy})
        for policy, name, r in _by_subsidy_type(reading(scope))
        if any(r[column] for column in buckets.values())
    ]


def deficiency_outcomes(scope: Scope | Reading) -> list[Row]:
    """容缺受理 cases by where they stand now (supplied and decided, still waiting, closed)."""
    return [
        Row(str(Status(r["st"]).label), (r["n"],), {"status": r["st"], "deficient": "1"})
        for r in reading(scope).groups["st"]
        if r["st"] and r["n"]
    ]


@dataclass(frozen=True)
class ChartSpec:
    """One chart as data: its rows come from ``rows(scope)``; its rows drill down into the
    monitoring list ``listing`` (with the dashboard's filters) or, without them, the named view."""

    slug: str
    title: str
    headers: tuple[str, ...]
    rows: Callable[[Scope | Reading], list[Row]]
    kind: str = "bar"
    money: frozenset[int] = frozenset()
    listing: str = "applications"
    keep_scope: bool = True
    note: Callable[[], str] = str

    def build(self, scope: Scope | Reading) -> Chart:
        read = reading(scope)
        url = reverse("monitoring:list", args=[self.listing]) if self.keep_scope else reverse(self.listing)
        return Chart(
            slug=self.slug,
            title=self.title,
            headers=self.headers,
            rows=self.rows(read),
            kind=self.kind,
            money=self.money,
            list_url=url,
            note=self.note(),
            scope=read.scope,
            keep_scope=self.keep_scope,
        )


def _review_note() -> str:
    return f"以审核期限（受理后第15个工作日）为界；办理中件数按 {today():%Y年%-m月%-d日} 计。"


REVIEW_HEADERS = tuple(label for label, _ in REVIEW_BUCKETS.values())

#: the application dashboards, in page order
APPLICATION_CHARTS = (
    ChartSpec("subsidy", "按补贴类型", ("补贴类型", *METRIC_HEADERS), by_subsidy, money=METRIC_MONEY),
    ChartSpec("week", "按周（提交日期）", ("周", *METRIC_HEADERS), by_week, kind="line", money=METRIC_MONEY),
    ChartSpec("street", "按街乡", ("街乡", *METRIC_HEADERS), by_street, money=METRIC_MONEY),
    ChartSpec("industry", "按行业门类", ("行业门类", *METRIC_HEADERS), by_industry, money=METRIC_MONEY),
    ChartSpec(
        "review",
        "审核用时（15个工作日时限）",
        ("补贴类型", *REVIEW_HEADERS),
        review_times,
        kind="stacked",
        note=_review_note,
    ),  # fmt: skip
    ChartSpec("deficiency", "容缺受理结果", ("当前状态", "件数"), deficiency_outcomes),
)


def application_charts(scope: Scope) -> list[Chart]:
    """The application dashboards of the scope, in page order."""
    read = Reading(scope)
    return [spec.build(read) for spec in APPLICATION_CHARTS]
