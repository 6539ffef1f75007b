"""The dashboards under /dashboard/ (names ``monitoring:…``): the page, each chart's Excel export and
the drill-down list of the applications behind a row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wengang.accounts.models import User
from wengang.clock import today
from wengang.spreadsheets import table_xlsx

from . import dashboard, employment
from .forms import DashboardFilterForm
from .listings import LISTINGS
from .permissions import can_view_dashboard, dashboard_street_id

T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRILL_KEYS = ("subsidy", "week", "in_street", "section", "status", "deficient", "review", "i3")


def _filters(request: HttpRequest) -> DashboardFilterForm:
    user = cast(User, request.user)
    if not can_view_dashboard(user):
        raise PermissionDenied
    data = request.GET if any(k in request.GET for k in ("start", "end", "street", "industry")) else None
    return DashboardFilterForm(data, street_id=dashboard_street_id(user))


#: every chart of the page, in page order
CHARTS = {spec.slug: spec for spec in (*dashboard.APPLICATION_CHARTS, *employment.EMPLOYMENT_CHARTS)}


def _charts(form: DashboardFilterForm) -> list[dashboard.Chart]:
    read = dashboard.Reading(form.scope())  # what the charts share is read once
    return [spec.build(read) for spec in CHARTS.values()]


def _known(mapping: Mapping[str, T], key: str) -> T:
    if key not in mapping:
        raise Http404
    return mapping[key]


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    user = cast(User, request.user)
    street = user.street if dashboard_street_id(user) is not None else None
    return render(request, "monitoring/dashboard.html", {"form": form, "charts": _charts(form), "street": street})


@require_safe
@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """One chart's table as an Excel workbook (the same rows as the page shows)."""
    chart = _known(CHARTS, slug).build(_filters(request).scope())
    body = table_xlsx(title=chart.title, headers=chart.headers, rows=[(r.label, *r.values) for r in chart.rows])
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dashboard-{slug}-{today():%Y%m%d}.xlsx"'
    return response


@require_safe
@login_required
def listing(request: HttpRequest, dataset: str) -> HttpResponse:
    """The rows behind a chart's row, within the user's scope, 50 to a page."""
    spec = _known(LISTINGS, dataset)
    form = _filters(request)
    # a NUL never gets here (ops.errors.NulQueryMiddleware)
    params = {k: request.GET[k][:40] for k in DRILL_KEYS if request.GET.get(k)}
    page = Paginator(spec.query(form.scope(), params), 50).get_page(request.GET.get("page"))
    lines = [[show(obj) for _, show in spec.columns] for obj in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/list.html",
        {"form": form, "spec": spec, "page": page, "lines": lines, "query": query.urlencode()},
    )
