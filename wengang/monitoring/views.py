"""The dashboards under /dashboard/ (names ``monitoring:…``): the page, each chart's Excel export and
the drill-down list of the applications behind a row."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wengang.accounts.models import User
from wengang.clock import today
from wengang.spreadsheets import table_xlsx

from . import dashboard
from .forms import DashboardFilterForm
from .permissions import can_view_dashboard, dashboard_street_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRILL_KEYS = ("subsidy", "week", "in_street", "section", "status", "deficient", "review")


def _filters(request: HttpRequest) -> DashboardFilterForm:
    user = cast(User, request.user)
    if not can_view_dashboard(user):
        raise PermissionDenied
    data = request.GET if any(k in request.GET for k in ("start", "end", "street", "industry")) else None
    return DashboardFilterForm(data, street_id=dashboard_street_id(user))


def _charts(form: DashboardFilterForm) -> list[dashboard.Chart]:
    return dashboard.application_charts(form.scope())


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
    form = _filters(request)
    build = dashboard.APPLICATION_CHARTS.get(slug)
    if build is None:
        raise Http404
    chart = build(form.scope())
    body = table_xlsx(title=chart.title, headers=chart.headers, rows=[(r.label, *r.values) for r in chart.rows])
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dashboard-{slug}-{today():%Y%m%d}.xlsx"'
    return response


@require_safe
@login_required
def applications(request: HttpRequest) -> HttpResponse:
    """The applications behind a chart row, within the user's scope, 50 to a page."""
    form = _filters(request)
    # NUL is never meant and PostgreSQL refuses it in text
    params = {k: request.GET[k][:40].replace("\x00", "") for k in DRILL_KEYS if request.GET.get(k)}
    qs = dashboard.drill_down(dashboard.applications(form.scope()), params)
    qs = qs.select_related("organisation__street", "subsidy_type").order_by("-submitted_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/applications.html", {"form": form, "page": page, "query": query.urlencode()})
