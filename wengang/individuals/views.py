"""Pages of the individuals' services: self-registration and password reset; a person's
unemployment registration, benefit claim and payment schedule; the street office's queue; a
firm's 就业登记."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts.models import User
from wengang.cases.views import act_and_back, acting_user, case_for, case_page, form_page, form_post, make_move
from wengang.cases.workflow import blocked_moves, history, next_moves
from wengang.clock import today
from wengang.policy import explain
from wengang.spreadsheets import download
from wengang.subsidies.services.materials import MaterialError

from . import exports, permissions, selectors, services
from .forms import (
    ClaimForm,
    CodeForm,
    CommentForm,
    HireForm,
    NewPasswordForm,
    ProofForm,
    RegistrationForm,
    ResetForm,
    SignupForm,
)
from .models import (
    BenefitClaim,
    BenefitPayment,
    ClaimStatus,
    RegistrationMaterial,
    RegistrationStatus,
    UnemploymentRegistration,
)
from .workflow import (
    CLAIMS,
    REGISTRATIONS,
    IndividualError,
    claim_facts,
    claim_transition,
    registration_transition,
    total_paid,
)

PENDING = "individuals_signup"

# ---- self-registration and password reset -----------------------------------------------------


def _ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Step 1: the person's details; a one-time code goes to the e-mail address and the phone."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request.session[PENDING] = services.signup_send_code(data=form.cleaned_data, ip=_ip(request))
        except IndividualError as err:
            form.add_error(None, str(err))
        else:
            return redirect("individuals:signup_code")
    status = 400 if request.method == "POST" else 200
    return render(request, "individuals/signup.html", {"form": form}, status=status)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code; the account is created and the person signed in."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        messages.info(request, "请先填写注册信息。")
        return redirect("individuals:signup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.signup_confirm(pending=pending, code=form.cleaned_data["code"])
        except IndividualError as err:
            request.session[PENDING] = pending  # the attempt is counted
            form.add_error("code", str(err))
        else:
            request.session.pop(PENDING, None)
            auth_login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, "注册成功，已为您登录。")
            return redirect("individuals:home")
    masked = {"email": _mask_email(str(pending.get("email", ""))), "phone": _mask_phone(str(pending.get("phone", "")))}
    status = 400 if request.method == "POST" else 200
    return render(request, "individuals/signup_code.html", {"form": form, "sent": masked}, status=status)


def _mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"


password_reset = auth_views.PasswordResetView.as_view(
    template_name="individuals/password_reset.html",
    email_template_name="individuals/password_reset_email.txt",
    subject_template_name="individuals/password_reset_subject.txt",
    form_class=ResetForm,
    success_url=reverse_lazy("individuals:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="individuals/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="individuals/password_reset_confirm.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("individuals:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="individuals/password_reset_complete.html"
)


# ---- the person's pages -----------------------------------------------------------------------


def _claims(qs: Any) -> Any:
    return qs.prefetch_related(Prefetch("payments", queryset=BenefitPayment.objects.order_by("month")))


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的就业服务: the registration with recommended posts, the claims and their schedules."""
    user = acting_user(request, permissions.is_individual, "仅个人账号可以办理")
    registration = selectors.open_registration(user)
    ctx = {
        "person": user,
        "registration": registration,
        "registrations": selectors.registrations_of(user),
        "claims": _claims(selectors.claims_of(user)),
        "posts": selectors.recommended_posts(registration)
        if registration and registration.status == RegistrationStatus.REGISTERED
        else [],
    }
    return render(request, "individuals/home.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register(request: HttpRequest) -> HttpResponse:
    """失业登记: the form; the separation proof may follow later (容缺)."""
    user = acting_user(request, permissions.is_individual, "仅个人账号可以办理失业登记")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_file(
                person=user,
                last_employer=data["last_employer"],
                separation_date=data["separation_date"],
                separation_reason=data["separation_reason"],
                job_wishes=data["job_wishes"],
            )
        except IndividualError as err:
            form.add_error(None, str(err))
        else:
            note = ""
            if data.get("proof"):
                try:
                    services.material_attach(registration=registration, upload=data["proof"], user=user)
                except MaterialError as err:
                    note = f"证明材料未上传：{err}。登记已提交（容缺），请在登记详情中补交。"
            if note:
                messages.warning(request, note)
            else:
                messages.success(request, f"失业登记 {registration.reference} 已提交，等待街乡确认。")
            return redirect("individuals:registration", pk=registration.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "individuals/register.html", {"form": form}, status=status)


def _registration(user: User, pk: int) -> UnemploymentRegistration:
    return case_for(
        user,
        permissions.can_view_registration,
        UnemploymentRegistration.objects.select_related("person", "street"),
        pk=pk,
    )


def _registration_page(
    request: HttpRequest,
    user: User,
    reg: UnemploymentRegistration,
    *,
    form: CommentForm | None = None,
    proof: ProofForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_supply = permissions.can_supply_material(user, reg)
    ctx = {
        "reg": reg,
        "materials": reg.materials.all(),
        # the firm's 就业登记 is made from its own page, never from here
        "moves": [m for m in next_moves(REGISTRATIONS, reg, user) if m.to != RegistrationStatus.EMPLOYED],
        "blocked": [b for b in blocked_moves(REGISTRATIONS, reg, user) if b.to != RegistrationStatus.EMPLOYED],
        "form": form or CommentForm(),
        "proof_form": proof or (ProofForm() if may_supply else None),
        "events": history(reg),
        "is_person": reg.person_id == user.pk,
    }
    return render(request, "individuals/registration.html", ctx, status=status)


@require_safe
@login_required
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _registration_page(request, user, _registration(user, pk))


@require_POST
@login_required
def registration_proof(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    reg = _registration(user, pk)
    if not permissions.can_supply_material(user, reg):
        raise PermissionDenied("只有登记人本人可以在登记有效期间补交材料")
    return form_post(
        request,
        ProofForm(request.POST, request.FILES),
        lambda data: services.material_attach(registration=reg, upload=data["proof"], user=user),
        errors={MaterialError: "proof"},
        done=lambda _: "证明材料已上传。",
        then=lambda _: redirect("individuals:registration", pk=reg.pk),
        failed=lambda form: _registration_page(request, user, reg, proof=form, status=400),
    )


@require_safe
@login_required
def material(request: HttpRequest, pk: int) -> FileResponse:
    user = acting_user(request)
    item = get_object_or_404(RegistrationMaterial.objects.select_related("registration"), pk=pk)
    if not permissions.can_view_material(user, item):
        raise Http404
    response = FileResponse(
        item.file.open("rb"), content_type="application/pdf", as_attachment=False, filename=item.display_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def registration_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    reg = _registration(user, pk)
    if to == RegistrationStatus.EMPLOYED:
        raise PermissionDenied("就业登记由招用单位办理")
    move = REGISTRATIONS.moves.get((reg.status, to))
    after = "；确认后本人可以申领失业保险金，并计为本市登记失业人员。" if to == RegistrationStatus.REGISTERED else "。"
    return make_move(
        request, user, REGISTRATIONS, reg, to,
        back=reverse("individuals:registration", args=[reg.pk]),
        who=reg.reference,
        summary=None if move is None else f"将{move.label}（{reg.person.display_name}），结果通知本人{after}",
        act=lambda comment: registration_transition(registration=reg, to=to, actor=user, comment=comment),
        errors=IndividualError,
        failed=lambda form: _registration_page(request, user, reg, form=form, status=400),
        danger=to == RegistrationStatus.RETURNED,
        already="该失业登记",
        done=f"失业登记 {reg.reference}",
        comment_label="意见",
        form_class=CommentForm,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """失业保险金申领: contribution years and the job-seeking declaration; the engine's preview."""
    user = acting_user(request, permissions.is_individual, "仅个人账号可以申领失业保险金")
    registration = selectors.open_registration(user)
    return form_post(
        request,
        ClaimForm(request.POST or None),
        lambda data: services.claim_file(person=user, contribution_years=data["contribution_years"]),
        errors={IndividualError: None},
        done=lambda claim: f"失业保险金申领 {claim.reference} 已提交，等待街乡审核。",
        then=lambda claim: redirect("individuals:claim", pk=claim.pk),
        failed=lambda form: form_page(request, "individuals/claim_new.html", form, registration=registration),
    )


def _claim(user: User, pk: int) -> BenefitClaim:
    claim: BenefitClaim = case_for(
        user,
        permissions.can_view_claim,
        _claims(BenefitClaim.objects.select_related("person", "registration__street", "decided_by")),
        pk=pk,
    )
    return claim


def _claim_page(request: HttpRequest, user: User, claim: BenefitClaim, form: CommentForm | None = None) -> HttpResponse:
    result = None
    if claim.status == ClaimStatus.SUBMITTED:
        result = explain(claim_facts(claim), today()).result("UI")
    return case_page(
        request, "individuals/claim.html", CLAIMS, claim, user, form,
        claim=claim,
        result=result,
        decision=claim.decision,
        payments=list(claim.payments.all()),
        paid=total_paid(claim),
        next_due=services.next_due(claim)
        if permissions.can_use_queue(user) and claim.status == ClaimStatus.APPROVED
        else None,
        events=history(claim),
    )


@require_safe
@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _claim_page(request, user, _claim(user, pk))


@require_POST
@login_required
def claim_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    item = _claim(user, pk)
    return make_move(
        request, user, CLAIMS, item, to,
        back=reverse("individuals:claim", args=[item.pk]),
        who=f"{item.reference}（{item.person.display_name}）",
        summary={
            ClaimStatus.APPROVED: "将按政策规则核定领取月数和月标准，生成按月发放计划，结果通知申领人。",
            ClaimStatus.REJECTED: "将不予核准该申领，结果通知申领人。",
            ClaimStatus.STOPPED: "将停发尚未发放的月份，结果通知申领人。",
        }.get(to, ""),  # type: ignore[call-overload]
        act=lambda comment: claim_transition(claim=item, to=to, actor=user, comment=comment),
        errors=IndividualError,
        failed=lambda form: _claim_page(request, user, item, form),
        danger=to != ClaimStatus.APPROVED,
        already="该申领",
        done=f"失业保险金申领 {item.reference}",
        comment_label="意见",
        form_class=CommentForm,
    )


@require_POST
@login_required
def claim_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """The street office records this month's payment."""
    user = acting_user(request, permissions.can_use_queue, "仅街乡工作人员可以登记发放")
    item = _claim(user, pk)
    return act_and_back(
        request,
        lambda: services.payment_pay(claim=item, actor=user),
        errors=IndividualError,
        done=lambda payment: f"已登记发放 {payment.month:%Y年%m月} 失业保险金 {payment.amount:,.2f} 元。",
        back=reverse("individuals:claim", args=[item.pk]),
    )


# ---- the street office and the firm -----------------------------------------------------------


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The street office's 失业登记 and 失业保险金 work: what waits for confirmation or review,
    and the claims being paid."""
    user = acting_user(request, permissions.can_use_queue, "仅街乡工作人员可以访问")
    registrations, claims = selectors.street_queue(user)
    return render(request, "individuals/queue.html", {"registrations": registrations, "claims": claims})


@login_required
@require_safe
def queue_export(request: HttpRequest, which: str) -> HttpResponse:
    """导出 Excel of the workbench's lists (its street only): what the list shows, or ``?status=``."""
    user = acting_user(request, permissions.can_use_queue, "仅街乡工作人员可以导出失业登记和失业保险金名单")
    writer = exports.WRITERS.get(which)
    if writer is None:
        raise Http404("没有这份名单")
    return download(writer(user, request.GET.get("status")), exports.LISTS[which])


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def hire(request: HttpRequest) -> HttpResponse:
    """就业登记 by the hiring firm: the person's unemployment registration is closed."""
    user = acting_user(request, permissions.can_register_hire, "仅用人单位账号可以办理就业登记")
    form = HireForm(request.POST or None)
    return form_post(
        request,
        form,
        lambda data: services.employment_register(
            employer=user, id_number=data["id_number"], name=data["name"], start=data["start"]
        ),
        errors={IndividualError: None},
        done=lambda reg: (
            f"已为{reg.person.display_name}办理就业登记（入职日期 {form.cleaned_data['start'].isoformat()}）。"
            "该人员经街乡确认为本市登记失业人员，可按“本市其他登记失业人员”申报岗位补贴和社会保险补贴。"
        ),
        then=lambda _: redirect("individuals:hire"),
        failed=lambda form: form_page(request, "individuals/hire.html", form),
    )
