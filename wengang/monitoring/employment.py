"""The job market, layoff and deferral dashboards: vacancies and 急聘 per street, key-enterprise
needs filled, layoff reports and people laid off, social-insurance deferral by industry. One
aggregate query per chart, in the same ``Chart`` shape as the application dashboards."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum

from wengang.deferral.models import DeferralApplication, Industry
from wengang.deferral.models import Status as DeferralStatus
from wengang.jobs.models import JobPost, PostStatus
from wengang.keyservice.models import Need
from wengang.layoffs.models import LayoffReport
from wengang.layoffs.models import Status as LayoffStatus

from .dashboard import ChartSpec, Reading, Row, Scope, by_section_and_street, reading, scoped, street_rows

SHOWN = (PostStatus.PUBLISHED, PostStatus.EXPIRED, PostStatus.WITHDRAWN)


def job_posts(scope: Scope) -> QuerySet[JobPost]:
    """Posts that were published, by publication date, the work place's street and the post's industry."""
    return scoped(
        JobPost.objects.filter(status__in=SHOWN, published_at__isnull=False),
        scope,
        when="published_at",
        street="street_id",
        industry="industry_code",
    )


def job_market(source: Scope | Reading) -> list[Row]:
    """Per street: posts, vacancies, 急聘 posts and vacancies; key enterprises' needs and hires."""
    read = reading(source)
    scope = read.scope
    posts = {
        r["sid"]: r
        for r in job_posts(scope)
        .values(sid=F("street_id"))
        .annotate(
            posts=Count("id"),
            vacancies=Sum("openings"),
            urgent_posts=Count("id", filter=Q(urgent=True)),
            urgent_vacancies=Sum("openings", filter=Q(urgent=True)),
        )
        .order_by("sid")
    }
    needs = {
        r["sid"]: r
        for r in scoped(Need.objects.all(), scope, when="created_at", street="street_id")
        .values(sid=F("street_id"))
        .annotate(needed=Sum("count"), hired=Sum("filled"))
        .order_by("sid")
    }
    merged = [{"sid": sid, **posts.get(sid, {}), **needs.get(sid, {})} for sid in sorted(posts.keys() | needs.keys())]
    keys = ("posts", "vacancies", "urgent_posts", "urgent_vacancies", "needed", "hired")
    return street_rows(merged, lambda r: tuple(r.get(k) or 0 for k in keys), read.streets)


def layoff_reports(scope: Scope) -> QuerySet[LayoffReport]:
    """Accepted layoff reports, by the date of acceptance."""
    return scoped(LayoffReport.objects.filter(status=LayoffStatus.ACCEPTED), scope, when="accepted_on", instant=False)


def layoffs_by_street(source: Scope | Reading) -> list[Row]:
    read = reading(source)
    rows = (
        layoff_reports(read.scope)
        .values(sid=F("organisation__street_id"))
        .annotate(reports=Count("id"), people=Sum("layoffs"))
        .order_by("sid")
    )
    return street_rows(rows, lambda r: (r["reports"], r["people"] or 0), read.streets)


def deferrals(scope: Scope) -> QuerySet[DeferralApplication]:
    return scoped(DeferralApplication.objects.all(), scope, when="filed_on", instant=False)


def deferral_by_industry(source: Scope | Reading) -> list[Row]:
    statuses = [s.value for s in DeferralStatus]
    rows = (
        deferrals(reading(source).scope)
        .values("industry")
        .annotate(**{s: Count("id", filter=Q(status=s)) for s in statuses})
        .order_by("industry")
    )
    return [Row(str(Industry(r["industry"]).label), tuple(r[s] for s in statuses), {"i3": r["industry"]}) for r in rows]


def drill_layoffs(qs: QuerySet[LayoffReport], params: dict[str, str]) -> QuerySet[LayoffReport]:
    return by_section_and_street(qs, params)


def drill_deferrals(qs: QuerySet[DeferralApplication], params: dict[str, str]) -> QuerySet[DeferralApplication]:
    qs = by_section_and_street(qs, params)
    if industry := params.get("i3"):
        qs = qs.filter(industry=industry)
    return qs


MARKET_HEADERS = ("街乡", "岗位数", "招聘人数", "急聘岗位数", "急聘人数", "重点企业需求人数", "重点企业已到岗")


def _market_note() -> str:
    return "岗位按发布日期、工作地所属街乡统计；重点企业需求按登记日期统计。明细链接到岗位搜索（当前在招岗位）。"


#: the job market, layoff and deferral dashboards, in page order
EMPLOYMENT_CHARTS = (
    ChartSpec(
        "jobs",
        "就业超市供需（按街乡）",
        MARKET_HEADERS,
        job_market,
        listing="jobs:search",
        keep_scope=False,
        note=_market_note,
    ),  # fmt: skip
    ChartSpec(
        "layoffs",
        "裁减人员报告（按街乡）",
        ("街乡", "已受理报告", "裁减人数"),
        layoffs_by_street,
        listing="layoffs",
        note=lambda: "按受理日期统计。",
    ),  # fmt: skip
    ChartSpec(
        "deferral",
        "社会保险费缓缴（按行业）",
        ("行业", *(str(s.label) for s in DeferralStatus)),
        deferral_by_industry,
        kind="stacked",
        listing="deferrals",
        note=lambda: "按申请日期统计。",
    ),  # fmt: skip
)
