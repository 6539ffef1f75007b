"""The drill-down lists behind the charts' rows: which rows, in what order, with what columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from wengang.calculator.templatetags.calculator_tags import yuan

from . import dashboard, employment
from .dashboard import Scope


def _date(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _street(obj: Any) -> str:
    return str(obj.organisation.street or "未登记")


@dataclass(frozen=True)
class Listing:
    title: str
    rows: Callable[[Scope], QuerySet[Any]]
    drill: Callable[[QuerySet[Any], dict[str, str]], QuerySet[Any]]
    order: tuple[str, ...]
    columns: tuple[tuple[str, Callable[[Any], str]], ...]
    related: tuple[str, ...] = ("organisation__street",)

    def query(self, scope: Scope, params: dict[str, str]) -> QuerySet[Any]:
        return self.drill(self.rows(scope), params).select_related(*self.related).order_by(*self.order)


#: the organisation's columns every list begins with
ORGANISATION = (("单位名称", lambda o: o.organisation.name), ("街乡", _street))

LISTINGS = {
    "applications": Listing(
        "补贴申请明细",
        dashboard.applications,
        dashboard.drill_down,
        ("-submitted_at", "-id"),
        (
            ("申请编号", lambda a: a.reference),
            *ORGANISATION,
            ("补贴类型", lambda a: str(a.subsidy_type)),
            ("状态", lambda a: a.get_status_display()),
            ("提交日期", lambda a: _date(a.submitted_at)),
            ("审核期限", lambda a: _date(a.review_due)),
            ("核定金额", lambda a: yuan(a.approved_amount)),
        ),
        related=("organisation__street", "subsidy_type"),
    ),
    "layoffs": Listing(
        "裁减人员报告明细",
        employment.layoff_reports,
        employment.drill_layoffs,
        ("-accepted_on", "-id"),
        (
            *ORGANISATION,
            ("受理日期", lambda r: _date(r.accepted_on)),
            ("职工总数", lambda r: str(r.employees or "")),
            ("裁减人数", lambda r: str(r.layoffs or "")),
        ),
    ),
    "deferrals": Listing(
        "缓缴申请明细",
        employment.deferrals,
        employment.drill_deferrals,
        ("-filed_on", "-id"),
        (
            *ORGANISATION,
            ("所属行业", lambda d: d.get_industry_display()),
            ("申请日期", lambda d: _date(d.filed_on)),
            ("状态", lambda d: d.get_status_display()),
        ),
    ),
}
