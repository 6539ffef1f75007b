"""Sign-in, sign-out, binding an authenticator, and the portal (我的办事) that routes by role."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wengang import clock
from wengang.cases.models import Notification
from wengang.monitoring.permissions import can_view_dashboard
from wengang.ops.prepared import Prepared
from wengang.registry.models import Organisation
from wengang.screening.permissions import can_screen

from . import services, workbench
from .forms import LoginForm, ReauthForm, TotpConfirmForm
from .models import ORGANISATION_ROLES, Role, User
from .permissions import can_enrol_totp, can_import_registry, is_admin

#: a password-checked user who must bind an authenticator before being signed in
PENDING = "accounts_pending_enrolment"
#: the secret shown on the binding page until a code confirms it
SECRET = "accounts_totp_secret"
PENDING_TTL = dt.timedelta(minutes=10)
#: a signed-in user who re-entered the password (and the old code) may bind a new authenticator
#: for a few minutes (issue 8, finding 3)
REAUTH = "accounts_totp_reauth"
REAUTH_TTL = dt.timedelta(minutes=5)


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password", "code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            result = services.login_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
            if result.user is not None and result.enrol:
                auth_logout(request)  # whoever was signed in here is not any more
                request.session[PENDING] = {
                    "user": result.user.pk,
                    "backend": getattr(result.user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
                    "since": timezone.now().isoformat(),
                    "next": next_url,
                }
                return redirect("accounts:totp")
            if result.user is not None:
                auth_login(request, result.user)
                return HttpResponseRedirect(_safe_next(request, next_url))
            form.add_error(None, result.error)
            status = 429 if result.throttled else 200
    else:
        form = LoginForm()
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """Sign-out is a POST (the header's button); a GET only asks for confirmation."""
    if request.method != "POST":
        return render(request, "accounts/logout.html")
    auth_logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    try:
        since = dt.datetime.fromisoformat(pending["since"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - since > PENDING_TTL:
        request.session.pop(PENDING, None)
        return None
    pk = pending.get("user")
    user = User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
    return (user, pending) if user is not None else None


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def totp(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: signed-in staff at will; accounts that require it, before sign-in."""
    pending = None
    if isinstance(request.user, User):
        if not can_enrol_totp(request.user):
            raise PermissionDenied("只有工作人员可以绑定动态口令。")
        user = request.user
    else:
        pending = _pending_user(request)
        if pending is None:
            messages.info(request, "请先登录。")
            return redirect("accounts:login")
        user = pending[0]

    rebinding = request.GET.get("rebind") == "1" or request.method == "POST"
    if pending is None and user.totp_secret and not rebinding:
        return render(request, "accounts/totp.html", {"show_status": True, "enrolled": True})
    if pending is None and not _reauthenticated(request, user):
        return _reauth(request, user)
    secret = request.session.get(SECRET) or services.totp_new_secret()
    request.session[SECRET] = secret
    status = 200
    form = TotpConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if pending is not None:
            result = services.login_enrolment_confirm(request=request, user=user, secret=secret, code=code)
            if result.user is not None:
                data = pending[1]
                auth_login(request, result.user, backend=data["backend"])
                request.session.pop(PENDING, None)
                request.session.pop(SECRET, None)
                messages.success(request, "动态口令已绑定。以后登录时请同时输入认证器应用上的6位动态口令。")
                return HttpResponseRedirect(_safe_next(request, data.get("next")))
            form.add_error("code", result.error)
            status = 429 if result.throttled else 200
        elif services.user_totp_enrol(user=user, secret=secret, code=code):
            request.session.pop(SECRET, None)
            request.session.pop(REAUTH, None)
            messages.success(request, "动态口令已绑定。以后登录时请同时输入认证器应用上的6位动态口令。")
            return redirect("accounts:portal")
        else:
            form.add_error("code", services.BAD_CODE)
    uri = services.totp_uri(user, secret)
    ctx = {
        "form": form,
        "pending": pending is not None,
        "enrolled": bool(user.totp_secret),
        "secret": services.format_secret(secret),
        "qr": services.totp_qr_data_uri(uri),
    }
    return render(request, "accounts/totp.html", ctx, status=status)


def _reauthenticated(request: HttpRequest, user: User) -> bool:
    mark = request.session.get(REAUTH)
    if not isinstance(mark, dict) or mark.get("user") != user.pk:
        return False
    try:
        since = dt.datetime.fromisoformat(mark["at"])
    except (KeyError, TypeError, ValueError):
        return False
    return timezone.now() - since <= REAUTH_TTL


def _reauth(request: HttpRequest, user: User) -> HttpResponse:
    """Ask for the password (and the old authenticator's code) before showing a new secret. The
    check is a sign-in check: it is recorded and counts towards the lock like one."""
    status = 200
    binding = request.method == "POST" and "code" in request.POST and "password" not in request.POST
    form = ReauthForm(request.POST if request.method == "POST" and not binding else None)
    if binding:
        # a code for a new secret without re-authenticating first: refused, nothing bound
        messages.error(request, "请先输入当前密码验证身份，再绑定新的认证器。")
        status = 403
    elif form.is_bound and form.is_valid():
        result = services.login_check(
            request=request, username=user.username, password=form.cleaned_data["password"],
            code=form.cleaned_data["code"],
        )
        if result.user is not None and result.user.pk == user.pk:
            request.session[REAUTH] = {"user": user.pk, "at": timezone.now().isoformat()}
            request.session.pop(SECRET, None)
            return redirect(f"{resolve_url('accounts:totp')}?rebind=1")
        form.add_error(None, result.error or services.BAD_CREDENTIALS)
        status = 429 if result.throttled else 200
    ctx = {"reauth": True, "form": form, "enrolled": bool(user.totp_secret)}
    return render(request, "accounts/totp.html", ctx, status=status)


def _unread_query(user_id: int) -> QuerySet[Any]:
    """The count of the user's unread messages, as one grouped row (no row: none unread)."""
    return (
        Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


#: compiled once per process (issue 11, load): the portal runs it on every visit
UNREAD = Prepared(_unread_query, int)


def _unread_count(user: User) -> int:
    rows = UNREAD.rows(user.pk)
    return int(rows[0][0]) if rows else 0


#: the portal's links as (template variable, URL name); a page not installed gives "" as ``{% url … as %}`` did
PORTAL_LINKS = (
    ("apply_list_url", "subsidies:apply_list"),
    ("review_queue_url", "subsidies:review_queue"),
    ("notifications_url", "subsidies:notifications"),
    ("deferral_url", "deferral:status"),
    ("deferral_queue_url", "deferral:queue"),
    ("back_payment_url", "deferral:back_payment"),
    ("layoffs_url", "layoffs:list"),
    ("layoff_warning_url", "layoffs:warning"),
    ("permits_url", "permits:list"),
    ("permits_public_url", "permits:public"),
    ("keyservice_url", "keyservice:index"),
    ("jobs_mine_url", "jobs:mine"),
    ("jobs_url", "jobs:search"),
    ("placements_url", "placements:list"),
    ("candidates_url", "placements:candidates"),
    ("bases_url", "placements:bases"),
    ("internships_url", "placements:internships"),
    ("moderation_url", "jobs:moderation"),
    ("jobs_import_url", "jobs:import"),
    ("training_url", "training:home"),
    ("totp_url", "accounts:totp"),
    ("login_attempts_url", "admin:accounts_loginattempt_changelist"),
    ("admin_url", "admin:index"),
    ("registry_import_url", "admin:registry_organisation_import"),
    ("api_tokens_url", "apitokens:list"),
    ("assistance_url", "assistance:index"),
    ("hire_url", "individuals:hire"),
    ("individuals_url", "individuals:home"),
    ("individuals_queue_url", "individuals:queue"),
    ("dashboard_url", "monitoring:dashboard"),
    ("unemployment_warning_url", "monitoring:warning"),
    ("screening_url", "screening:index"),
    ("graduates_url", "graduates:index"),
    ("loans_bank_url", "loans:bank"),
    ("loans_url", "loans:index"),
    ("loans_queue_url", "loans:queue"),
    ("notices_url", "notices:list"),
    ("notices_manage_url", "notices:manage"),
)


@lru_cache(maxsize=8)
def _portal_links(prefix: str, urlconf: str) -> dict[str, str]:
    """The portal's link URLs, reversed once per process (and script prefix and URLconf)."""
    links = {}
    for var, name in PORTAL_LINKS:
        try:
            links[var] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            links[var] = ""
    return links


def portal_links() -> dict[str, str]:
    return _portal_links(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


#: the user's organisation with its street, compiled once per process (issue 11, load)
ORGANISATION = Prepared(lambda pk: Organisation.objects.select_related("street").filter(pk=pk), int)


def _organisation(user: User) -> Organisation:
    """The user's organisation with its street (one query; kept on the user for the templates)."""
    assert user.organisation_id is not None  # section "organisation"
    if User._meta.get_field("organisation").is_cached(user):  # signed in through accounts/backends.py
        return user.organisation  # type: ignore[return-value]
    found: list[Organisation] = ORGANISATION.objects(user.organisation_id)
    (organisation,) = found
    user.organisation = organisation
    return organisation


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def portal(request: HttpRequest) -> HttpResponse:
    """我的办事: what this user can do, by role. Applicants see their own organisation only."""
    user = request.user
    assert isinstance(user, User)  # login_required
    if is_admin(user):
        section = "admin"
    elif user.role in ORGANISATION_ROLES:
        section = "organisation" if user.organisation_id else "unlinked"
    elif user.role == Role.REVIEWER:
        section = "reviewer" if user.department_id else "unlinked"
    elif user.role == Role.MUNICIPAL:
        section = "municipal"
    elif user.role == Role.STREET:
        section = "street" if user.street_id else "unlinked"
    elif user.role == Role.INDUSTRY:
        section = "industry"
    elif user.role in (Role.SCHOOL, Role.BANK):
        section = "partner"
    else:
        section = "individual"
    ctx: dict[str, Any] = {
        "section": section,
        "unread": _unread_count(user),
        "organisation": _organisation(user) if section == "organisation" else None,
        "department": user.department if section == "reviewer" else None,
        "street": user.street if section == "street" else None,
        "can_import": can_import_registry(user),
        "may_screen": can_screen(user),
        "may_see_dashboard": can_view_dashboard(user),
        "can_enrol_totp": can_enrol_totp(user),
    }
    ctx["todos"] = (
        workbench.organisation_todos(user)
        if section == "organisation"
        else workbench.street_todos(user)
        if section == "street"
        else []
    )
    ctx["desk"] = workbench.staff_desk(user) if section in ("reviewer", "municipal", "admin") else None
    ctx["today"] = clock.today()
    ctx.update(portal_links())
    from wengang.notices.portal import portal_context  # issue 15: N9, N10, N16

    ctx.update(portal_context(user))
    # the portal shows only the links this user can use (the pages' own permission functions)
    from wengang.assistance import permissions as assistance_permissions
    from wengang.jobs import permissions as jobs_permissions
    from wengang.layoffs import permissions as layoffs_permissions
    from wengang.placements import permissions as placements_permissions

    ctx["may_post_jobs"] = jobs_permissions.can_post(user)
    ctx["may_list_bases"] = placements_permissions.can_list_bases(user)
    ctx["may_list_layoffs"] = layoffs_permissions.can_list_reports(user)
    ctx["may_use_assistance"] = assistance_permissions.can_use(user)
    if section == "street":
        assert user.street is not None
        ctx["street_organisations"] = user.street.organisation_set.count()
    return render(request, "accounts/portal.html", ctx)
