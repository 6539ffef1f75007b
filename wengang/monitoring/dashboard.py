"""The dashboards' figures: each chart is one aggregate query (values → annotate) over the rows the
scope selects, returned as a table — the chart, its accessible data table and its Excel export
are the same rows. Nothing here loops over application rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncWeek
from django.urls import reverse
from django.utils import timezone

from wengang.clock import today
from wengang.registry.models import Street
from wengang.subsidies.models import Application, Deficiency, Status, SubsidyType

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

    def table(self) -> list[tuple[Row, str]]:
        return [(r, self.link(r)) for r in self.rows]


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


# ---- application charts ---------------------------------------------------------------------

METRIC_HEADERS = ("申请件数", "通过件数", "核定金额（元）", "拨付金额（元）")
METRIC_MONEY = frozenset({2, 3})


def _metrics(qs: QuerySet[Application], *group: Any, **named: Any) -> QuerySet[Any]:
    ok = Q(status__in=DECIDED_OK)
    grouped: QuerySet[Any] = (
        qs.values(*group, **named)
        .annotate(
            n=Count("id"),
            approved=Count("id", filter=ok),
            decided=Sum("approved_amount", filter=ok),
            paid=Sum("payment__amount"),
        )
        .order_by(*group, *named)
    )
    return grouped


def _metric_values(r: dict[str, Any]) -> tuple[int | Decimal, ...]:
    return (r["n"], r["approved"], r["decided"] or Decimal("0.00"), r["paid"] or Decimal("0.00"))


def by_subsidy(scope: Scope) -> list[Row]:
    names = {t.policy: str(t) for t in SubsidyType.objects.all()}
    return [
        Row(names.get(r["policy"], r["policy"]), _metric_values(r), {"subsidy": r["policy"]})
        for r in _metrics(applications(scope), policy=F("subsidy_type__policy"))
    ]


def by_week(scope: Scope) -> list[Row]:
    rows = _metrics(applications(scope), week=TruncWeek("submitted_at", output_field=DateField()))
    return [Row(f"{r['week']:%Y-%m-%d}起", _metric_values(r), {"week": r["week"].isoformat()}) for r in rows]


def street_rows(
    rows: Iterable[dict[str, Any]], values: Callable[[dict[str, Any]], tuple[int | Decimal, ...]]
) -> list[Row]:
    """Aggregates keyed ``sid`` (a street id or none) as rows labelled with the street's name."""
    streets = {s.pk: str(s) for s in Street.objects.all()}
    return [
        Row(
            streets.get(r["sid"], UNKNOWN) if r["sid"] else f"{UNKNOWN}街乡",
            values(r),
            {"street": str(r["sid"])} if r["sid"] else {"in_street": "none"},
        )
        for r in rows
    ]


def by_street(scope: Scope) -> list[Row]:
    return street_rows(_metrics(applications(scope), sid=F("organisation__street_id")), _metric_values)


def by_industry(scope: Scope) -> list[Row]:
    rows = _metrics(applications(scope), section=Substr("organisation__industry_code", 1, 1))
    return [
        Row(
            f"{r['section']} {SECTIONS.get(r['section'], '')}".strip() if r["section"] else f"{UNKNOWN}行业",
            _metric_values(r),
            {"section": r["section"] or "none"},
        )
        for r in rows
    ]


def _decided_in_time() -> Q:
    return Q(decided_at__isnull=False, decided_at__date__lte=F("review_due"))


def _decided_late() -> Q:
    return Q(decided_at__isnull=False, decided_at__date__gt=F("review_due"))


def _open_in_time() -> Q:
    return Q(decided_at__isnull=True, review_due__gte=today())


def _open_overdue() -> Q:
    return Q(decided_at__isnull=True, review_due__lt=today())


#: review time against the 15-working-day limit (``review_due``): label, condition
REVIEW_BUCKETS: dict[str, tuple[str, Callable[[], Q]]] = {
    "in_time": ("期限内办结", _decided_in_time),
    "late": ("超期办结", _decided_late),
    "open": ("办理中（未超期）", _open_in_time),
    "overdue": ("办理中（已超期）", _open_overdue),
}


def review_times(scope: Scope) -> list[Row]:
    names = {t.policy: str(t) for t in SubsidyType.objects.all()}
    qs = (
        applications(scope)
        .filter(review_due__isnull=False)
        .values(policy=F("subsidy_type__policy"))
        .annotate(**{key: Count("id", filter=cond()) for key, (_, cond) in REVIEW_BUCKETS.items()})
        .order_by("policy")
    )
    return [
        Row(names.get(r["policy"], r["policy"]), tuple(r[key] for key in REVIEW_BUCKETS), {"subsidy": r["policy"]})
        for r in qs
    ]


def deficiency_outcomes(scope: Scope) -> list[Row]:
    """容缺受理 cases by where they stand now (supplied and decided, still waiting, closed)."""
    qs = (
        applications(scope)
        .filter(Exists(Deficiency.objects.filter(application=OuterRef("pk"))))
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    )
    return [Row(str(Status(r["status"]).label), (r["n"],), {"status": r["status"], "deficient": "1"}) for r in qs]


@dataclass(frozen=True)
class ChartSpec:
    """One chart as data: its rows come from ``rows(scope)``; its rows drill down into the
    monitoring list ``listing`` (with the dashboard's filters) or, without them, the named view."""

    slug: str
    title: str
    headers: tuple[str, ...]
    rows: Callable[[Scope], list[Row]]
    kind: str = "bar"
    money: frozenset[int] = frozenset()
    listing: str = "applications"
    keep_scope: bool = True
    note: Callable[[], str] = str

    def build(self, scope: Scope) -> Chart:
        url = reverse("monitoring:list", args=[self.listing]) if self.keep_scope else reverse(self.listing)
        return Chart(
            slug=self.slug,
            title=self.title,
            headers=self.headers,
            rows=self.rows(scope),
            kind=self.kind,
            money=self.money,
            list_url=url,
            note=self.note(),
            scope=scope,
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
    return [spec.build(scope) for spec in APPLICATION_CHARTS]
