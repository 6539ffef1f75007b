"""Pages of the key-enterprise service under /keyservice/. Thin: check permissions, validate, call
one service, redirect or render.

Another organisation's enterprise or need is a 404 (so its existence is not revealed); a role that
has no part in the service (individuals, other departments' reviewers) gets 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock
from wengang.accounts import permissions as base
from wengang.accounts.models import Role, User
from wengang.cases.views import act_and_back, acting_user, form_page, form_post
from wengang.cases.workflow import blocked_moves, next_moves
from wengang.monitoring.models import Alert
from wengang.monitoring.permissions import can_view_alert
from wengang.registry.models import Organisation, Street

from . import permissions, selectors
from . import services as svc
from .forms import ContactForm, NeedForm, ProgressForm, PublishForm
from .models import ContactEntry, Need, NeedStatus
from .neighbours import suggested_streets
from .workflow import MANUAL, NEEDS, TransitionError, need_transition


def _takes_part(user: User) -> bool:
    return permissions.is_keyservice_staff(user) or base.is_applicant(user)


def _refuse(user: User) -> Exception:
    """404 for what lies outside a participant's scope, 403 for roles with no part in the service."""
    return Http404() if _takes_part(user) else PermissionDenied("您的账号不能使用重点企业用工服务")


def _enterprise(user: User, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("street"), pk=pk, key_category__gt="")
    if not permissions.can_view_enterprise(user, organisation):
        raise _refuse(user)
    return organisation


def _need(user: User, pk: int) -> Need:
    need = get_object_or_404(Need.objects.select_related("organisation", "street"), pk=pk)
    if not permissions.can_view_need(user, need):
        raise _refuse(user)
    return need


def _managed(user: User, organisation: Organisation) -> None:
    if not permissions.can_manage_enterprise(user, organisation):
        raise _refuse(user) if not base.is_applicant(user) else PermissionDenied("企业只能查看本企业的用工需求")


# ---- overview ----------------------------------------------------------------------------------


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, _takes_part, "您的账号不能使用重点企业用工服务")
    context: dict[str, Any] = {"staff": permissions.is_keyservice_staff(user), "today": clock.today()}
    if context["staff"]:
        context["enterprises"] = selectors.enterprises_with_totals(user)
        context["due"] = selectors.due_followups(user)
        context["pushed"] = selectors.pushed_needs(user) if permissions.is_street_staff(user) else []
    elif user.role == Role.AGENCY:
        context["pushed"] = selectors.pushed_needs(user)
    else:
        assert user.organisation is not None
        context["own"] = user.organisation
        context["needs"] = Need.objects.filter(organisation=user.organisation).select_related("street")
    return render(request, "keyservice/index.html", context)


def _enterprise_context(user: User, organisation: Organisation, **bound: Any) -> dict[str, Any]:
    manage = permissions.can_manage_enterprise(user, organisation)
    context: dict[str, Any] = {
        "organisation": organisation,
        "manage": manage,
        "needs": Need.objects.filter(organisation=organisation).select_related("street"),
    }
    if manage:
        context["contacts"] = ContactEntry.objects.filter(organisation=organisation).select_related(
            "responsible", "followed_up_by"
        )
        context["contact_form"] = bound.get("contact_form") or ContactForm(
            organisation=organisation, initial={"on": clock.today(), "responsible": user.pk}
        )
        context["today"] = clock.today()
        context["alerts"] = [
            (alert, can_view_alert(user, alert))
            for alert in Alert.objects.filter(organisation=organisation).select_related("street", "department")
        ]
    return context


@login_required
@require_safe
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = _enterprise(user, pk)
    return render(request, "keyservice/enterprise.html", _enterprise_context(user, organisation))


@login_required
@require_POST
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = _enterprise(user, pk)
    _managed(user, organisation)
    return form_post(
        request,
        ContactForm(request.POST, organisation=organisation),
        lambda data: svc.contact_record(organisation=organisation, actor=user, **data),
        errors={svc.ServiceError: None},
        done=lambda _: "联系记录已保存",
        then=lambda _: redirect("keyservice:enterprise", organisation.pk),
        failed=lambda form: render(
            request,
            "keyservice/enterprise.html",
            _enterprise_context(user, organisation, contact_form=form),
            status=400,
        ),
    )


# ---- needs -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def need_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    organisation = _enterprise(user, pk)
    _managed(user, organisation)
    return form_post(
        request,
        NeedForm(request.POST if request.method == "POST" else None, initial={"street": organisation.street_id}),
        lambda data: svc.need_create(organisation=organisation, actor=user, **data),
        errors={svc.ServiceError: None},
        done=lambda need: f"已登记用工需求：{need.post} {need.count} 人",
        then=lambda need: redirect("keyservice:need", need.pk),
        failed=lambda form: form_page(request, "keyservice/need_form.html", form, organisation=organisation),
    )


def _need_context(user: User, need: Need, **bound: Any) -> dict[str, Any]:
    manage = permissions.can_edit_need(user, need)
    context: dict[str, Any] = {
        "need": need,
        "manage": manage,
        "progress": need.progress.select_related("recorded_by"),
        # the job market takes posts from the enterprise itself and from street staff on its behalf
        "can_post_job": (manage and permissions.is_street_staff(user))
        or (user.role == Role.ENTERPRISE and user.organisation_id == need.organisation_id),
    }
    if manage:
        context["progress_form"] = bound.get("progress_form") or ProgressForm(
            need=need, initial={"filled": need.filled}
        )
        # the staff's own moves that would succeed now (the case core's guards), and those refused, with why
        context["moves"] = [(m.to, m.label) for m in next_moves(NEEDS, need, user) if (need.status, m.to) in MANUAL]
        context["blocked"] = [b for b in blocked_moves(NEEDS, need, user) if (need.status, b.to) in MANUAL]
        context["publications"] = need.publications.select_related("published_by").prefetch_related(
            "agencies", "streets", "recipients"
        )
        context["changes"] = need.changes.select_related("actor")
    return context


@login_required
@require_safe
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    need = _need(user, pk)
    return render(request, "keyservice/need.html", _need_context(user, need))


@login_required
@require_POST
def need_progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    need = _need(user, pk)
    _managed(user, need.organisation)
    return form_post(
        request,
        ProgressForm(request.POST, need=need),
        lambda data: svc.need_record_progress(need=need, actor=user, **data),
        errors={svc.ServiceError: None, TransitionError: None},
        done=lambda recorded: f"进度已登记：已到岗 {recorded.filled} 人，尚缺 {recorded.open_count} 人",
        then=lambda recorded: redirect("keyservice:need", recorded.pk),
        failed=lambda form: render(
            request, "keyservice/need.html", _need_context(user, need, progress_form=form), status=400
        ),
    )


@login_required
@require_POST
def need_status(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    need = _need(user, pk)
    _managed(user, need.organisation)
    if to not in NeedStatus.values or (need.status, to) not in MANUAL:
        messages.error(request, "不能进行该操作")
        return redirect("keyservice:need", need.pk)
    label = NEEDS.moves[(need.status, to)].label
    return act_and_back(
        request,
        lambda: need_transition(need=need, to=to, actor=user, comment=request.POST.get("comment", "")[:300]),
        errors=TransitionError,
        done=lambda _: f"需求已{label}",
        back=reverse("keyservice:need", args=[need.pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def need_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    need = _need(user, pk)
    _managed(user, need.organisation)
    suggested = suggested_streets(need.street)
    form = PublishForm(
        request.POST if request.method == "POST" else None, initial={"streets": [s.pk for s in suggested]}
    )
    return form_post(
        request,
        form,
        lambda data: svc.need_publish(need=need, actor=user, agencies=data["agencies"], streets=data["streets"]),
        errors={svc.ServiceError: None},
        done=lambda publication: f"已推送，通知 {publication.recipients.count()} 人",
        then=lambda _: redirect("keyservice:need", need.pk),
        failed=lambda form: _publish_page(request, need, form, suggested),
    )


def _publish_page(request: HttpRequest, need: Need, form: PublishForm, suggested: list[Street]) -> HttpResponse:
    suggested_ids = {s.pk for s in suggested}
    if form.is_bound:
        chosen = {str(v) for v in request.POST.getlist("streets")}
    else:
        chosen = {str(pk) for pk in suggested_ids}
    streets = form.fields["streets"].queryset  # type: ignore[attr-defined]
    return form_page(
        request,
        "keyservice/publish.html",
        form,
        need=need,
        suggested=[(s, str(s.pk) in chosen) for s in suggested],
        others=[(s, str(s.pk) in chosen) for s in streets if s.pk not in suggested_ids],
        chosen_agencies={str(v) for v in request.POST.getlist("agencies")},
    )
