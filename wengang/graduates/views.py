"""Pages of 毕业生不见面签约 (N9): the parties' list, the employer's offer form, the agreement page
with its moves, and the signed agreement's PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts.models import User
from wengang.cases.forms import CommentForm
from wengang.cases.views import acting_user, case_for, case_page, form_page, form_post, make_move
from wengang.clock import today

from . import permissions, selectors, services
from .forms import OfferForm
from .models import Agreement, Status
from .workflow import AGREEMENTS, AgreementError


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """An employer's offers, a graduate's offers, a school's graduates' agreements."""
    user = acting_user(request, permissions.can_list_agreements, "仅用人单位、毕业生、高校和管理员可以查看就业协议")
    page = Paginator(selectors.agreements_for(user), 20).get_page(request.GET.get("page"))
    ctx = {"page": page, "agreements": page.object_list, "may_offer": permissions.is_employer(user)}
    return render(request, "graduates/index.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def offer(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.is_employer, "仅用人单位账号可以发出录用")
    assert user.organisation is not None
    employer = user.organisation
    return form_post(
        request,
        OfferForm(request.POST or None),
        lambda data: services.agreement_offer(employer=employer, offered_by=user, **data),
        errors={AgreementError: None},
        done=lambda agreement: f"录用 {agreement.reference} 已发出，等待毕业生在网上确认。",
        then=lambda agreement: redirect("graduates:detail", pk=agreement.pk),
        failed=lambda form: form_page(
            request,
            "graduates/offer.html",
            form,
            deadlines=selectors.n9_decision(graduation_year=None, signed_on=today(), report_on=None),
        ),
    )


def _agreement(user: User, pk: int) -> Agreement:
    return case_for(
        user, permissions.can_view_agreement, Agreement.objects.select_related("employer", "school", "graduate"), pk=pk
    )


def _detail(request: HttpRequest, user: User, agreement: Agreement, form: CommentForm | None = None) -> HttpResponse:
    return case_page(
        request,
        "graduates/detail.html",
        AGREEMENTS,
        agreement,
        user,
        form,
        a=agreement,
        decision=selectors.decision_for(agreement, today()),
        changes=agreement.changes.select_related("actor").all(),
        signed=agreement.status == Status.SIGNED,
    )


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _detail(request, user, _agreement(user, pk))


SUMMARY = {
    Status.ACCEPTED: "您将接受{employer}的录用（{position}），等待学校确认后三方协议即签订；接受后不能再接受其他单位的录用。",
    Status.DECLINED: "您将拒绝{employer}的录用（{position}），该录用随即结束。",
    Status.SIGNED: "将确认{name}与{employer}的三方协议，生成带文号和核验码的协议书，通知毕业生和用人单位。",
    Status.REFUSED: "将不予确认{name}与{employer}的三方协议，协议结束，各方收到意见。",
    Status.WITHDRAWN: "将撤回对{name}的录用，协议结束，毕业生和学校收到意见。",
}


@require_POST
@login_required
def move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    agreement = _agreement(user, pk)
    if not AGREEMENTS.parties(user, agreement):
        raise PermissionDenied("您不是该协议的一方")
    summary = SUMMARY.get(Status(to)) if to in Status.values else None
    return make_move(
        request, user, AGREEMENTS, agreement, to,
        back=reverse("graduates:detail", args=[agreement.pk]),
        who=agreement.reference,
        summary=summary and summary.format(
            employer=agreement.employer.name, position=agreement.position, name=agreement.graduate_name
        ),
        act=lambda comment: services.agreement_move(agreement=agreement, to=to, actor=user, comment=comment),
        errors=AgreementError,
        failed=lambda form: _detail(request, user, agreement, form),
        danger=to in (Status.DECLINED, Status.REFUSED, Status.WITHDRAWN),
        already="该协议",
        done=f"协议 {agreement.reference}",
        error_field=None,
    )


@require_safe
@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed agreement, for its three parties (and administrators)."""
    user = acting_user(request)
    agreement = _agreement(user, pk)
    if agreement.status != Status.SIGNED:
        raise Http404
    data = services.agreement_pdf(agreement, request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(services.agreement_filename(agreement))}"
    return response
