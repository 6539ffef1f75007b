"""Pages of the deferral app: a unit's I2 / I3 status and its I3 application, the industry
authority's queue and decisions, and the public back-payment calculator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts.models import User
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.views import acting_user, case_for, form_post
from wengang.cases.workflow import check
from wengang.clock import today
from wengang.policy.params import ParameterError

from . import permissions, selectors
from .forms import BackPaymentForm, DecideForm, FileForm
from .models import DeferralApplication, Status
from .services import deferral_file
from .workflow import DEFERRALS, DeferralError, authority_of, deferral_transition

# ---- the unit's page ---------------------------------------------------------------------------


def _status_page(request: HttpRequest, user: User, form: FileForm, status: int = 200) -> HttpResponse:
    organisation = user.organisation
    assert organisation is not None
    applications = list(selectors.applications_for_organisation(organisation))
    ctx: dict[str, Any] = {
        "organisation": organisation,
        "deferral": selectors.deferral_status(organisation, today()),
        "applications": applications,
        "open_application": next((a for a in applications if a.status in (Status.SUBMITTED, Status.CONFIRMED)), None),
        "form": form,
    }
    return render(request, "deferral/status.html", ctx, status=status)


@require_safe
@login_required
def status(request: HttpRequest) -> HttpResponse:
    """I2 and I3 for the user's unit, its I3 applications, and the form to apply."""
    user = acting_user(request, permissions.can_view_deferral_status, "仅用人单位账号可以查看")
    return _status_page(request, user, FileForm())


@require_POST
@login_required
def file(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_view_deferral_status, "仅用人单位账号可以申请")
    assert user.organisation is not None
    organisation = user.organisation
    return form_post(
        request,
        FileForm(request.POST),
        lambda data: deferral_file(organisation=organisation, applicant=user, industry=data["industry"]),
        errors={DeferralError: None},
        done=lambda application: f"申请 {application.reference} 已提交，等待市级行业主管部门确认。",
        then=lambda application: redirect("deferral:detail", pk=application.pk),
        failed=lambda form: _status_page(request, user, form, status=400),
    )


def _application(user: User, pk: int) -> DeferralApplication:
    """The application if the user may see it; 404 otherwise (never say whose it is)."""
    return case_for(
        user,
        permissions.can_view_deferral_application,
        DeferralApplication.objects.select_related("organisation__street", "applicant", "decided_by"),
        pk=pk,
    )


def _detail_page(
    request: HttpRequest, user: User, app: DeferralApplication, form: DecideForm | None = None, status: int = 200
) -> HttpResponse:
    can_decide = permissions.can_decide_deferral(user, app)
    ctx = {
        "app": app,
        "changes": app.changes.select_related("actor"),
        "deferral": selectors.deferral_status(app.organisation, today()),
        "can_decide": can_decide,
        "form": form or (DecideForm() if can_decide else None),
        "is_applicant": user.organisation_id == app.organisation_id,
        "is_authority": permissions.is_industry_authority(user),
    }
    return render(request, "deferral/detail.html", ctx, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail_page(request, user, _application(user, pk))


# ---- the industry authority --------------------------------------------------------------------


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The applications of the authority's industries, those awaiting a decision first."""
    user = acting_user(request, permissions.is_industry_authority, "仅市级行业主管部门可以访问")
    chosen = request.GET.get("status", Status.SUBMITTED)
    if chosen not in Status.values and chosen != "all":
        chosen = Status.SUBMITTED
    ctx = {
        "authority": authority_of(user),
        "applications": selectors.queue_for(user, "" if chosen == "all" else chosen),
        "statuses": [(s.value, s.label) for s in Status],
        "chosen": chosen,
    }
    return render(request, "deferral/queue.html", ctx)


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    app = _application(user, pk)
    if not permissions.is_industry_authority(user):
        raise PermissionDenied("仅市级行业主管部门可以确认")
    form = DecideForm(request.POST)
    if not permissions.can_decide_deferral(user, app):
        form.add_error(None, f"该申请当前状态为“{app.get_status_display()}”，不能再作确认")
        return _detail_page(request, user, app, form, status=400)
    if form.is_valid() and not confirmed(request):
        to, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        problem = check(DEFERRALS, app, to=to, actor=user, reason=reason)
        if problem:
            form.add_error(None, problem)
            return _detail_page(request, user, app, form, status=400)
        decision = Status(to).label
        return confirm_page(
            request,
            title=f"{decision} {app.reference}",
            summary=f"将对{app.organisation.name}的延长缴费申请作出“{decision}”决定，结果通知申请单位，操作不可撤销。",
            details=[("理由", reason or "（无）")],
            button=f"确认{decision}",
            back=reverse("deferral:detail", args=[app.pk]),
            danger=to == Status.DECLINED,
        )
    return form_post(
        request,
        form,
        lambda data: deferral_transition(application=app, to=data["decision"], actor=user, comment=data["reason"]),
        errors={DeferralError: None},
        done=lambda _: f"申请 {app.reference}：{app.get_status_display()}，已通知申请单位。",
        then=lambda _: redirect("deferral:queue"),
        failed=lambda form: _detail_page(request, user, app, form, status=400),
    )


# ---- the back-payment calculator (public) ----------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def back_payment(request: HttpRequest) -> HttpResponse:
    """Contributions due, the deadline and the payment date → the late fee (I4). No login."""
    on = today()
    try:
        deadlines = selectors.deadlines(on)
    except ParameterError:  # before the notice: show the parameters' own dates
        deadlines = selectors.deadlines(selectors.DEFERRAL_START)
    submitted = "paid_on" in request.GET or "amount_due" in request.GET
    form = BackPaymentForm(request.GET if submitted else None, deadlines=deadlines)
    result = None
    if submitted and form.is_valid():
        try:
            result = selectors.back_payment(
                amount_due=form.cleaned_data["amount_due"],
                deadline=form.chosen_deadline(),
                paid_on=form.cleaned_data["paid_on"],
            )
        except ParameterError:
            form.add_error("paid_on", "该补缴日期没有适用的滞纳金标准，请填写2011年7月1日以后的日期")
    ctx = {"form": form, "result": result}
    htmx = bool(request.headers.get("HX-Request"))
    template = "deferral/_back_payment.html" if htmx else "deferral/back_payment.html"
    # htmx swaps only 2xx answers: the partial with its messages comes back as 200
    response = render(request, template, ctx, status=400 if form.errors and not htmx else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response
