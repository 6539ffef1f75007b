"""Monitoring and early warning of large-scale unemployment (N18/N19) under /dashboard/warning/
(names ``monitoring:warning…``): the page (trends, the streets by level, open alerts), an alert
with its moves and measures, and the monthly extract's upload and result. Thin: every rule is the
engine's, every read and write is in ``warning.py``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock, spreadsheets
from wengang.accounts.models import User
from wengang.cases.views import acting_user, form_post, make_move
from wengang.cases.workflow import TransitionError, blocked_moves, next_moves
from wengang.imports import import_job_page, import_job_queue
from wengang.policy.warning import LEVEL_ZH, intensive_headcount
from wengang.registry.models import ImportJob

from . import permissions, unemployment, warning
from .forms_warning import CloseForm, MeasureForm, MonthChoiceForm, MonthlyImportForm
from .models import Alert, AlertStatus
from .warning_workflow import ALERTS, BY_FORM, alert_transition

#: the graph's colour of each level (the legend on the page says them in words)
LEVEL_COLOURS = {"red": "#c62828", "orange": "#ef6c00", "yellow": "#f9a825", "none": "#2e7d32", "unknown": "#bdbdbd"}
#: why a district reviewer of another department sees an alert but no button
READ_ONLY = "预警由责任街乡、劳动服务管理中心或管理员办理，您只能查看"
#: the street graph: streets in rows of this many
GRAPH_COLUMNS = 8


def _viewer(request: HttpRequest) -> User:
    return acting_user(request, permissions.can_view_warning, "失业监测预警仅供区人社局和街乡工作人员查看")


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str((value * 100).quantize(Decimal("0.01")))


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    street_id = permissions.dashboard_street_id(user)
    latest = warning.latest_month()
    form = MonthChoiceForm(request.GET or None, initial={"month": f"{latest:%Y-%m}" if latest else ""})
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or latest or clock.today().replace(day=1)
    streets = warning.street_month_rows(month=month, street_id=street_id)
    trend = warning.trend(street_id=street_id, until=max(month, latest or month))
    charts: dict[str, Any] = {
        "trend": {
            "labels": [f"{r.month:%Y-%m}" for r in trend],
            "series": [
                {"name": "岗位流失率（%）", "values": [_pct(r.rate) for r in trend]},
                {"name": "用工密集企业岗位流失率（%）", "values": [_pct(r.intensive_rate) for r in trend]},
            ],
        },
        "streets": {
            "nodes": [
                {
                    "name": str(r.street),
                    "level": r.warning.label,
                    "rate": _pct(r.rate),
                    "colour": LEVEL_COLOURS[r.level],
                    "x": i % GRAPH_COLUMNS,
                    "y": i // GRAPH_COLUMNS,
                }
                for i, r in enumerate(streets)
            ]
        },
    }
    # our own records, up to the current service month (its count so far) or the month chosen
    last = max(month, clock.today().replace(day=1))
    people = unemployment.by_month(since=max(warning.add_months(last, -11), warning.FIRST_MONTH), until=last, street_id=street_id)
    people_streets, people_total = unemployment.by_street(month=month, street_id=street_id)
    charts["people"] = {
        "labels": [f"{m:%Y-%m}" for m, _ in people],
        "unit": "人",
        "kind": "bar",
        "series": [
            {"name": unemployment.LABELS[k], "values": [getattr(c, k) for _, c in people]} for k in unemployment.MEASURES
        ],
    }
    alerts = Paginator(warning.open_alerts(user), 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "month": month,
        "street": user.street if street_id is not None else None,
        "streets": streets,
        "trend": trend,
        "industries": warning.industry_rows(month=month, street_id=street_id),
        "people": [c for _, c in people],
        "people_streets": people_streets,
        "people_total": people_total,
        "today": clock.today(),
        "charts": charts,
        "page": alerts,
        "levels": list(LEVEL_ZH.items()),
        "month_text": f"{month:%Y-%m}",
        "intensive": intensive_headcount(month),
        "can_import": permissions.can_import_monthly(user),
        "can_see_layoffs": _can_see_layoffs(user),
    }
    return render(request, "monitoring/warning/index.html", context)


def _can_see_layoffs(user: User) -> bool:
    from wengang.layoffs.permissions import can_see_warning

    return can_see_warning(user)


def _alert(user: User, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("organisation", "street", "department"), pk=pk)
    if not permissions.can_view_alert(user, alert):
        raise Http404
    return alert


def _alert_context(user: User, alert: Alert, **bound: Any) -> dict[str, Any]:
    series = warning.firm_series(alert.organisation, until=alert.month) if alert.organisation else []
    return {
        "alert": alert,
        "read_only": not ALERTS.parties_of(user, alert),
        "moves": [m for m in next_moves(ALERTS, alert, user) if m.to not in BY_FORM],
        "blocked": blocked_moves(ALERTS, alert, user),
        "can_measure": alert.status in (AlertStatus.ACKNOWLEDGED, AlertStatus.RESPONDING)
        and bool(ALERTS.parties_of(user, alert) & {"responsible", "district"}),
        "measure_form": bound.get("measure_form") or MeasureForm(),
        "form": bound.get("form") or CloseForm(),
        "measures": alert.measures.select_related("recorded_by"),
        "changes": alert.changes.select_related("actor").all(),
        "series": series,
    }


@require_safe
@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    return render(request, "monitoring/warning/alert.html", _alert_context(user, _alert(user, pk)))


@require_POST
@login_required
def alert_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """签收, 升级 or 办结: a second click says it is done; 办结 is first confirmed."""
    user = _viewer(request)
    alert = _alert(user, pk)
    back = reverse("monitoring:warning_alert", args=[alert.pk])
    if not ALERTS.parties_of(user, alert):
        raise PermissionDenied(READ_ONLY)
    if alert.status != to and (to in BY_FORM or (alert.status, to) not in ALERTS.moves):
        messages.error(request, ALERTS.unlisted.format(frm=ALERTS.label_of(alert.status), to=ALERTS.label_of(to)))
        return redirect(back)
    summary = None
    if to == AlertStatus.CLOSED:
        summary = f"将办结{alert}（已记录应对措施 {alert.measures.count()} 项）。办结后不能再记录应对措施。"
    return make_move(
        request,
        user,
        ALERTS,
        alert,
        to,
        back=back,
        who=str(alert),
        summary=summary,
        act=lambda comment: alert_transition(alert=alert, to=to, actor=user, comment=comment),
        errors=TransitionError,
        failed=lambda form: render(
            request, "monitoring/warning/alert.html", _alert_context(user, alert, form=form), status=422
        ),
        already="该预警",
        comment_label="意见",
        form_class=CloseForm,
    )


@require_POST
@login_required
def alert_measure(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    alert = _alert(user, pk)
    if not ALERTS.parties_of(user, alert):
        raise PermissionDenied(READ_ONLY)

    def again(form: MeasureForm) -> HttpResponse:
        alert.refresh_from_db()
        context = _alert_context(user, alert, measure_form=form)
        return render(request, "monitoring/warning/alert.html", context, status=422)

    return form_post(
        request,
        MeasureForm(request.POST),
        lambda data: warning.alert_record_measure(alert=alert, actor=user, values=data),
        errors={warning.MonitoringError: None, TransitionError: None},
        done=lambda _: "已记录应对措施",
        then=lambda _: redirect("monitoring:warning_alert", pk=alert.pk),
        failed=again,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def monthly_import(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_import_monthly, "月度参保数据由区人社局审核人员或管理员导入")
    form = MonthlyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_queue(
            kind=ImportJob.Kind.MONTHLY, upload=form.cleaned_data["file"], user=user, as_of=form.cleaned_data["month"]
        )
        return redirect("monitoring:warning_import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=ImportJob.Kind.MONTHLY).order_by("-created_at", "-id")[:10]
    return render(request, "monitoring/warning/import.html", {"form": form, "recent": recent})


@require_safe
@login_required
def monthly_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The monthly extract's template, Excel or CSV: the columns accepted and one example row."""
    acting_user(request, permissions.can_import_monthly, "月度参保数据由区人社局审核人员或管理员导入")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(warning.template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(warning.template_xlsx(), content_type=spreadsheets.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'月度参保数据导入模板.{fmt}')}"
    return response


@require_safe
@login_required
def monthly_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    acting_user(request, permissions.can_import_monthly, "月度参保数据由区人社局审核人员或管理员导入")
    job = get_object_or_404(ImportJob, pk=pk, kind=ImportJob.Kind.MONTHLY)
    month = dt.date.fromisoformat(job.details["month"]) if job.details.get("month") else job.as_of
    return import_job_page(
        request, job, page="monitoring/warning/import_job.html", part="monitoring/warning/_import_job.html",
        context={"month": month},
    )
