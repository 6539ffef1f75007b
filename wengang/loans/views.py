"""Pages of 创业担保贷款 (N16): a borrower's loans with the interest-subsidy schedule and extension
requests; the bank's confirmations; the green-channel guarantee application and the reviewers' queue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts.models import User
from wengang.cases.forms import CommentForm
from wengang.cases.views import acting_user, case_for, case_page, form_page, form_post, make_move
from wengang.cases.workflow import Workflow
from wengang.subsidies.services.materials import MaterialError

from . import permissions, selectors, services
from .forms import ExtensionForm, GuaranteeForm
from .models import ExtensionRequest, ExtensionStatus, GuaranteeApplication, GuaranteeStatus, Loan
from .workflow import EXTENSIONS, GUARANTEES, LoanError, extension_transition, guarantee_transition

# ---- the borrower ------------------------------------------------------------------------------


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A borrower's loans and guarantee applications."""
    user = acting_user(request, permissions.is_borrower_side, "仅个人和用人单位账号可以办理创业担保贷款")
    ctx = {
        "loans": selectors.loans_of(user),
        "applications": GuaranteeApplication.objects.filter(applicant=user).select_related("bank"),
    }
    return render(request, "loans/index.html", ctx)


def _loan(user: User, pk: int) -> Loan:
    return case_for(
        user, permissions.can_view_loan, Loan.objects.select_related("bank", "borrower", "organisation"), pk=pk
    )


def _loan_page(request: HttpRequest, user: User, loan: Loan, form: ExtensionForm | None = None) -> HttpResponse:
    pending = selectors.pending_extension(loan)
    may_request = permissions.can_request_extension(user, loan) and pending is None
    rows = selectors.schedule(loan)
    ctx: dict[str, Any] = {
        "loan": loan,
        "rows": rows,
        "subsidy_total": sum((r.subsidy for r in rows), Decimal("0.00")),
        "extension_subsidy": sum((r.subsidy for r in rows if r.extended), Decimal("0.00")),
        "extensions": loan.extensions.all(),
        "pending": pending,
        "form": (form or ExtensionForm()) if may_request else None,
        "is_bank": permissions.is_bank(user),
    }
    return render(request, "loans/loan.html", ctx, status=400 if form is not None else 200)


@require_safe
@login_required
def loan(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _loan_page(request, user, _loan(user, pk))


@require_POST
@login_required
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = _loan(user, pk)
    if not permissions.can_request_extension(user, record):
        raise PermissionDenied("仅借款人可以申请展期")
    return form_post(
        request,
        ExtensionForm(request.POST, request.FILES),
        lambda data: services.extension_request(
            loan=record, user=user, months=data["months"], infected=data["infected"], upload=data["evidence"]
        ),
        errors={MaterialError: "evidence", LoanError: None},
        done=lambda created: f"展期申请 {created.reference} 已提交，等待经办银行确认。",
        then=lambda created: redirect("loans:extension", pk=created.pk),
        failed=lambda form: _loan_page(request, user, record, form),
    )


# ---- extension requests ------------------------------------------------------------------------


def _extension(user: User, pk: int) -> ExtensionRequest:
    return case_for(
        user,
        permissions.can_view_extension,
        ExtensionRequest.objects.select_related("loan__bank", "loan__borrower"),
        pk=pk,
    )


def _extension_page(request: HttpRequest, user: User, record: ExtensionRequest, form: CommentForm | None = None) -> HttpResponse:
    return case_page(
        request, "loans/extension.html", EXTENSIONS, record, user, form,
        r=record,
        loan=record.loan,
        decision=selectors.extension_decision(record.loan, months=record.months, on=record.requested_on)
        if record.status == ExtensionStatus.SUBMITTED
        else None,
        changes=record.changes.select_related("actor").all(),
    )


@require_safe
@login_required
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _extension_page(request, user, _extension(user, pk))


@require_safe
@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    user = acting_user(request)
    record = _extension(user, pk)
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.display_name)


def _move(request: HttpRequest, user: User, workflow: Workflow, case: Any, to: str, **how: Any) -> HttpResponse:
    """One move (``make_move``) by the case's parties only; a move that needs a reason is red."""
    if not workflow.parties(user, case):
        raise PermissionDenied("您不能办理该事项")
    step = workflow.moves.get((case.status, to))
    danger = step is not None and step.reason
    return make_move(request, user, workflow, case, to, who=case.reference, errors=LoanError, danger=danger, **how)


@require_POST
@login_required
def extension_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    record = _extension(user, pk)
    loan = record.loan
    summaries = {
        ExtensionStatus.CONFIRMED: f"将确认贷款（合同 {loan.contract_number}）展期 {record.months} 个月，到期日顺延，"
        "展期期间财政继续贴息，贴息计划按新的期限重算，通知借款人。",
        ExtensionStatus.DECLINED: f"将不予展期贷款（合同 {loan.contract_number}），借款人收到意见。",
        ExtensionStatus.WITHDRAWN: "将撤回该展期申请，银行不再办理。",
    }
    return _move(
        request, user, EXTENSIONS, record, to,
        back=reverse("loans:extension", args=[record.pk]),
        summary=summaries.get(to, ""),  # type: ignore[call-overload]
        act=lambda comment: extension_transition(request=record, to=to, actor=user, comment=comment),
        failed=lambda form: _extension_page(request, user, record, form),
        error_field=None,
    )


# ---- the bank ------------------------------------------------------------------------------------


@require_safe
@login_required
def bank(request: HttpRequest) -> HttpResponse:
    """The bank's extension requests (waiting first) and the loans it granted."""
    user = acting_user(request, permissions.is_bank, "仅经办银行账号可以访问")
    page = Paginator(selectors.bank_requests(user), 20).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "requests": page.object_list,
        "loans": Loan.objects.filter(bank_id=user.organisation_id).select_related("borrower")[:50],
        "guarantees": GuaranteeApplication.objects.filter(bank_id=user.organisation_id, status=GuaranteeStatus.APPROVED)[:50],
    }
    return render(request, "loans/bank.html", ctx)


# ---- green channel ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def apply(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.is_borrower_side, "仅个人和小微企业账号可以申请创业担保贷款")
    return form_post(
        request,
        GuaranteeForm(request.POST or None),
        lambda data: services.guarantee_apply(applicant=user, **data),
        errors={LoanError: None},
        done=lambda created: (
            f"申请 {created.reference} 已提交，{'已进入绿色通道，优先办理' if created.priority else '按一般程序办理'}。"
        ),
        then=lambda created: redirect("loans:guarantee", pk=created.pk),
        failed=lambda form: form_page(request, "loans/apply.html", form, small_firm=user.role == "enterprise"),
    )


def _guarantee(user: User, pk: int) -> GuaranteeApplication:
    return case_for(
        user,
        permissions.can_view_guarantee,
        GuaranteeApplication.objects.select_related("applicant", "organisation", "bank"),
        pk=pk,
    )


def _guarantee_page(
    request: HttpRequest, user: User, record: GuaranteeApplication, form: CommentForm | None = None
) -> HttpResponse:
    return case_page(
        request, "loans/guarantee.html", GUARANTEES, record, user, form,
        g=record,
        decision=selectors.green_channel_decision(
            small_firm=record.small_firm, lost_income=record.lost_income, amount=record.amount,
            term_months=record.term_months, on=record.filed_on,
        ),
        changes=record.changes.select_related("actor").all(),
    )


@require_safe
@login_required
def guarantee(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _guarantee_page(request, user, _guarantee(user, pk))


@require_POST
@login_required
def guarantee_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    record = _guarantee(user, pk)
    who = record.organisation.name if record.organisation else record.applicant.display_name
    summaries = {
        GuaranteeStatus.APPROVED: f"将同意为{who}的创业担保贷款（{record.amount} 元，{record.term_months} 个月）提供担保，通知申请人，由经办银行办理放款。",
        GuaranteeStatus.REJECTED: f"将不予担保{who}的申请，申请人收到意见。",
    }
    return _move(
        request, user, GUARANTEES, record, to,
        back=reverse("loans:guarantee", args=[record.pk]),
        summary=summaries.get(to, ""),  # type: ignore[call-overload]
        act=lambda comment: guarantee_transition(application=record, to=to, actor=user, comment=comment),
        failed=lambda form: _guarantee_page(request, user, record, form),
        error_field=None,
    )


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewers' queue: green-channel applications first, then by filing date."""
    acting_user(request, permissions.can_review_guarantees, "仅劳动服务管理中心审核人员可以访问")
    chosen = request.GET.get("status", GuaranteeStatus.SUBMITTED)
    if chosen not in GuaranteeStatus.values:
        chosen = GuaranteeStatus.SUBMITTED
    page = Paginator(selectors.guarantee_queue(chosen), 20).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "applications": page.object_list,
        "statuses": GuaranteeStatus.choices,
        "chosen": chosen,
        "query": f"status={chosen}",
    }
    return render(request, "loans/queue.html", ctx)
