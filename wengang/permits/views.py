"""Permit pages under /permits/: the applicant's cases, 劳动关系科's steps, pickup, and the public
双公示 list. Thin: check permissions, validate, call one service, redirect or render.

An applicant sees only its organisation's cases (another organisation's case is a 404); the
handling steps are for 劳动关系科's reviewers (403 otherwise).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts import permissions as base
from wengang.accounts.models import User
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.listing import page_of
from wengang.cases.views import acting_user, case_for, form_page, form_post
from wengang.cases.workflow import blocked_moves, next_moves
from wengang.subsidies.services.materials import MaterialError

from . import exports, permissions
from . import services as svc
from .forms import (
    ACTION_FORMS,
    NewCaseForm,
    PaperForm,
    PickupBatchForm,
    PickupBookForm,
    PublicSearchForm,
    UploadForm,
)
from .models import PermitCase, PermitEmail, PickupAppointment, PickupBatch, Status
from .workflow import PERMITS, TransitionError

READ_LIMIT = 20 * 1024 * 1024 + 1



def _staff(request: HttpRequest) -> User:
    user = acting_user(request)
    if not (permissions.is_permit_staff(user) or base.is_admin(user)):
        raise PermissionDenied("仅劳动关系科工作人员可以办理")
    return user


def _case(user: User, pk: int) -> PermitCase:
    return case_for(
        user, permissions.can_view_case, PermitCase.objects.select_related("organisation", "permit_type"), pk=pk
    )


# ---- lists --------------------------------------------------------------------------------------


@login_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form, cases = exports.CASES.filtered(request)
    page = page_of(request, cases)
    staff = not base.is_applicant(user)
    context: dict[str, Any] = {
        "cases": page,
        "page": page,
        "filter": form,
        "staff": staff,
        "can_apply": permissions.can_apply_for_permit(user),
    }
    if staff:
        context["unmatched"] = PermitEmail.objects.exclude(outcome=PermitEmail.Outcome.ATTACHED).count()
    return render(request, "permits/list.html", context)


@login_required
@require_safe
def case_export(request: HttpRequest) -> HttpResponse:
    """The cases of the list, as filtered there, as an Excel workbook."""
    return exports.CASES.export(request)


@login_required
@require_safe
def email_list(request: HttpRequest) -> HttpResponse:
    """The e-mails that could not be put into a case, with the reason."""
    _staff(request)
    emails = PermitEmail.objects.exclude(outcome=PermitEmail.Outcome.ATTACHED).select_related("organisation")[:200]
    return render(request, "permits/emails.html", {"emails": emails})


# ---- applying -----------------------------------------------------------------------------------


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data: bytes = upload.read(READ_LIMIT)
    return data


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_apply_for_permit, "仅用人单位账号可以申请")
    return form_post(
        request,
        NewCaseForm(request.POST or None, request.FILES or None),
        lambda data: svc.permit_submit(
            user=user,
            permit_type=data["permit_type"],
            data=_read(data["file"]),
            original_name=data["file"].name or "",
        ),
        errors={MaterialError: "file", svc.PermitError: None},
        done=lambda case: f"申请已提交，案件编号 {case.reference}",
        then=lambda case: redirect("permits:detail", case.pk),
        failed=lambda form: form_page(request, "permits/new.html", form),
    )


def _detail_context(request: HttpRequest, user: User, case: PermitCase, **bound: Any) -> dict[str, Any]:
    staff = permissions.can_handle_case(user, case)
    context: dict[str, Any] = {
        "case": case,
        "staff": staff,
        "materials": case.materials.select_related("requirement"),
        "requirements": case.permit_type.requirements.all(),
        "changes": case.changes.select_related("actor"),
        "appointment": getattr(case, "appointment", None),
        "can_upload": permissions.can_add_material(user, case),
        "upload_form": bound.get("upload_form") or UploadForm(case=case),
        "paper_missing": case.paper_missing(),
    }
    if staff:
        actions = []
        for move in next_moves(PERMITS, case, user):
            to = move.to
            if to == Status.PAPER_RECEIVED:
                continue
            action = next(a for a, target in svc.ACTIONS.items() if target == to)
            form = bound.get(f"{action}_form") or ACTION_FORMS[action](prefix=action)
            actions.append({"action": action, "label": move.label, "form": form, "danger": to == Status.REJECTED})
        context["actions"] = actions
        context["blocked"] = blocked_moves(PERMITS, case, user)
        if case.status == Status.E_APPROVED:
            context["paper_form"] = bound.get("paper_form") or PaperForm(instance=case)
    if permissions.can_book_pickup(user, case):
        batches = [(b, svc.free_slots(b)) for b in svc.open_batches()]
        context["pickup_form"] = bound.get("pickup_form") or PickupBookForm(batches=batches)
        context["has_slots"] = any(slots for _, slots in batches)
    return context


@login_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case(user, pk)
    return render(request, "permits/detail.html", _detail_context(request, user, case))


@login_required
@require_POST
def case_material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case(user, pk)
    if not permissions.can_add_material(user, case):
        raise PermissionDenied("当前状态不能补充材料")
    return form_post(
        request,
        UploadForm(request.POST, request.FILES, case=case),
        lambda data: svc.permit_material_attach(
            case=case,
            data=_read(data["file"]),
            original_name=data["file"].name or "",
            actor=user,
            requirement=data["requirement"],
        ),
        errors={MaterialError: "file"},
        done=lambda attached: (
            f"{'已上传' if attached.created else '该文件此前已上传'}：{attached.material.display_name}"
        ),
        then=lambda _: redirect("permits:detail", case.pk),
        failed=lambda form: render(
            request, "permits/detail.html", _detail_context(request, user, case, upload_form=form), status=400
        ),
    )


@login_required
@require_safe
def case_material_file(request: HttpRequest, pk: int, material_pk: int) -> FileResponse:
    user = acting_user(request)
    case = _case(user, pk)
    material = get_object_or_404(case.materials, pk=material_pk)
    # an upload is never shown inside our origin: always a download (issue 8, finding 20)
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.display_name, content_type="application/pdf"
    )


# ---- 劳动关系科's steps ---------------------------------------------------------------------------


def _handled_case(request: HttpRequest, pk: int) -> tuple[User, PermitCase]:
    user = acting_user(request, permissions.is_permit_staff, "仅劳动关系科审核人员可以办理")
    return user, _case(user, pk)


@login_required
@require_POST
def case_paper(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _handled_case(request, pk)
    form = PaperForm(request.POST, instance=case)
    if form.is_valid():
        try:
            moved = svc.permit_paper_check(case=case, actor=user, checks=form.cleaned_data)
        except TransitionError as err:
            messages.error(request, str(err))
            return redirect("permits:detail", case.pk)
        if moved:
            messages.success(request, "纸质材料核对无误，已登记收到")
            return redirect("permits:detail", case.pk)
        case.refresh_from_db()
        form.add_error(None, "纸质材料核对未完成：" + "、".join(case.paper_missing()) + "。已保存已核对的项目。")
    return render(request, "permits/detail.html", _detail_context(request, user, case, paper_form=form), status=400)


#: the staff's irreversible decisions, confirmed with a summary before they are made
DECISIONS = {"approve": "准予许可", "reject": "不予许可"}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（未填）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, case = _handled_case(request, pk)
    if action not in ACTION_FORMS:
        raise Http404
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if case.status == svc.ACTIONS.get(action):
        messages.info(request, f"该案件已是“{case.get_status_display()}”，无需再次办理")
        return redirect("permits:detail", case.pk)
    if form.is_valid() and action in DECISIONS and not confirmed(request):
        problem = svc.permit_act_check(case=case, action=action, actor=user, data=form.cleaned_data)
        if problem:
            form.add_error(None, problem)
            context = _detail_context(request, user, case, **{f"{action}_form": form})
            return render(request, "permits/detail.html", context, status=400)
        return confirm_page(
            request,
            title=f"{DECISIONS[action]} {case.reference}",
            summary=f"将对{case.organisation.name}的“{case.permit_type.name}”作出{DECISIONS[action]}决定，"
            "申请单位将收到通知，操作不可撤销。",
            details=[(str(form.fields[name].label), _shown(value)) for name, value in form.cleaned_data.items()],
            button=f"确认{DECISIONS[action]}",
            back=reverse("permits:detail", args=[case.pk]),
            danger=action == "reject",
        )
    if form.is_valid():
        try:
            change = svc.permit_act(case=case, action=action, actor=user, data=form.cleaned_data)
        except TransitionError as err:
            form.add_error(None, str(err))
        else:
            messages.success(request, f"已办理：{Status(change.to_status).label}")
            return redirect("permits:detail", case.pk)
    return render(
        request, "permits/detail.html", _detail_context(request, user, case, **{f"{action}_form": form}), status=400
    )


# ---- pickup -------------------------------------------------------------------------------------


@login_required
@require_POST
def case_pickup(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = _case(user, pk)
    if not permissions.can_book_pickup(user, case):
        raise PermissionDenied("当前不能预约领取")
    batches = [(b, svc.free_slots(b)) for b in svc.open_batches()]

    def book(data: dict[str, Any]) -> PickupAppointment:
        batch_pk, _, slot = data["choice"].partition("@")
        batch = get_object_or_404(PickupBatch, pk=int(batch_pk))
        return svc.pickup_book(case=case, batch=batch, slot=dt.time.fromisoformat(slot), actor=user)

    return form_post(
        request,
        PickupBookForm(request.POST, batches=batches),
        book,
        errors={svc.PermitError: "choice"},
        done=lambda appointment: (
            f"已预约 {appointment.batch.date:%Y-%m-%d} {appointment.slot:%H:%M} 在{appointment.batch.place}领取"
        ),
        then=lambda _: redirect("permits:detail", case.pk),
        failed=lambda form: render(
            request, "permits/detail.html", _detail_context(request, user, case, pickup_form=form), status=400
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pickup_batches(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.is_permit_staff, "仅劳动关系科审核人员可以安排领取")
    return form_post(
        request,
        PickupBatchForm(request.POST or None),
        lambda data: svc.pickup_batch_create(actor=user, **data),
        errors={svc.PermitError: None},
        done=lambda batch: f"已设立领取批次：{batch}",
        then=lambda _: redirect("permits:pickup_batches"),
        failed=lambda form: _pickup_page(request, form),
    )


def _pickup_page(request: HttpRequest, form: PickupBatchForm) -> HttpResponse:
    batches = PickupBatch.objects.prefetch_related("appointments__case__organisation").order_by("-date")[:30]
    waiting = PermitCase.objects.filter(status=Status.PUBLISHED, appointment__isnull=True).select_related(
        "organisation"
    )
    return form_page(request, "permits/pickup.html", form, batches=batches, waiting=waiting)


# ---- public 双公示 ----------------------------------------------------------------------------------


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    """Granted permits: unit, credit code, type, number, validity, decision date. No personal data."""
    form = PublicSearchForm(request.GET or None)
    unit, permit_type = "", None
    if form.is_valid():
        unit = form.cleaned_data["unit"] or ""
        permit_type = form.cleaned_data["permit_type"]
    rows = svc.granted_permits(unit=unit, permit_type=permit_type)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "permits/public.html",
        {"form": form, "page": page, "searched": bool(unit or permit_type), "query": query.urlencode()},
    )
