"""Layoff report pages. Enterprises file; the 劳动关系科 accepts or returns; anyone verifies a
receipt. Wrong role → 403; another organisation's report → 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.listing import page_of
from wengang.cases.views import act_and_back, acting_user, case_for
from wengang.cases.workflow import next_moves
from wengang.subsidies.services.materials import MaterialError

from . import exports, namedlist, permissions, selectors, services
from . import receipt as receipts
from .forms import ListUploadForm, MaterialUploadForm, ReportForm, ReturnForm, VerifyForm, WarningForm
from .models import LIST_ITEM, MATERIAL_CHOICES, LayoffMaterial, LayoffReport, Status
from .workflow import REPORTS, TransitionError


def _report(user: User, pk: int) -> LayoffReport:
    return case_for(
        user, permissions.can_view_report, LayoffReport.objects.select_related("organisation", "applicant"), pk=pk
    )


def _form_values(report: LayoffReport) -> dict[str, Any]:
    return {
        "layoffs": report.layoffs,
        "employees": report.employees,
        "notice_date": report.notice_date,
        "circumstance": report.circumstance,
    }


def _detail(request: HttpRequest, report: LayoffReport, **extra: Any) -> HttpResponse:
    """The report's page; 400 when ``extra`` carries what a post refused (a form, a list's or a
    material's errors), shown next to the field."""
    status = 400 if extra else 200
    user = acting_user(request)
    can_edit = permissions.can_edit_report(user, report)
    materials = {m.item: m for m in report.materials.all()}
    items = [
        {
            "item": item,
            "label": label,
            "is_list": item == LIST_ITEM,
            "material": materials.get(item),
            "form": MaterialUploadForm(prefix=f"m{item}") if can_edit and item != LIST_ITEM else None,
            "error": extra.pop(f"material_error_{item}", ""),
        }
        for item, label in MATERIAL_CHOICES
    ]
    context = {
        "report": report,
        "explanation": services.judge(report),
        "can_edit": can_edit,
        "can_decide": permissions.can_decide_report(user, report),
        "moves": {move.to for move in next_moves(REPORTS, report, user)},
        "form": ReportForm(initial=_form_values(report)) if can_edit else None,
        "list_form": ListUploadForm() if can_edit else None,
        "return_form": ReturnForm() if permissions.can_decide_report(user, report) else None,
        "items": items,
        "lines": list(report.lines.all()),
        "changes": list(report.changes.select_related("actor")),
        "notice_days": report.notice_days(clock.today()),
        **extra,
    }
    return render(request, "layoffs/detail.html", context, status=status)


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    form, reports = exports.REPORTS.filtered(request)
    page = page_of(request, reports)
    context = {"reports": page, "page": page, "filter": form, "can_file": permissions.can_file_report(acting_user(request))}
    return render(request, "layoffs/list.html", context)


@login_required
@require_safe
def report_export(request: HttpRequest) -> HttpResponse:
    """The reports of the list, as filtered there, as an Excel workbook."""
    return exports.REPORTS.export(request)


@login_required
@require_POST
def report_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_file_report, "仅用人单位可以填报裁减人员报告")
    report = services.report_create(user=user)
    return redirect("layoffs:detail", pk=report.pk)


@login_required
@require_safe
def list_template(request: HttpRequest) -> HttpResponse:
    if not permissions.can_file_report(acting_user(request)):
        raise PermissionDenied
    response = HttpResponse(
        namedlist.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('被裁减人员名单模板.xlsx')}"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    report = _report(user, pk)
    if request.method != "POST":
        return _detail(request, report)
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied("该报告当前不能修改")
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, form=form)
    return act_and_back(
        request,
        lambda: services.report_update(report=report, values=form.cleaned_data),
        errors=services.ReportError,
        done=lambda _: "已保存",
        back=reverse("layoffs:detail", args=[report.pk]),
    )


@login_required
@require_POST
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the engine's judgement of the form as typed, without saving it."""
    user = acting_user(request)
    report = _report(user, pk)
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied
    form = ReportForm(request.POST)
    form.is_valid()
    for name in ("layoffs", "employees", "notice_date", "circumstance"):
        if name in form.cleaned_data:
            setattr(report, name, form.cleaned_data[name])
    return render(
        request,
        "layoffs/_conditions.html",
        {"explanation": services.judge(report), "notice_days": report.notice_days(clock.today())},
    )


def _editable_report(request: HttpRequest, pk: int) -> tuple[User, LayoffReport]:
    """The signed-in firm's report, while it may still change it (403 otherwise)."""
    user = acting_user(request)
    report = _report(user, pk)
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied("该报告当前不能修改")
    return user, report


@login_required
@require_POST
def list_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _, report = _editable_report(request, pk)
    form = ListUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, report, list_form=form)
    try:
        count = services.report_replace_list(report=report, upload=form.cleaned_data["file"])
    except services.ListRejected as err:
        return _detail(request, report, list_form=form, list_errors=err.errors)
    except (namedlist.ListError, services.ReportError) as err:
        return _detail(request, report, list_form=form, list_errors=[str(err)])
    messages.success(request, f"名单已上传，共 {count} 人")
    return redirect(reverse("layoffs:detail", args=[report.pk]) + "#list")


@login_required
@require_POST
def material_upload(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    user, report = _editable_report(request, pk)
    if item not in dict(MATERIAL_CHOICES) or item == LIST_ITEM:
        raise Http404
    form = MaterialUploadForm(request.POST, request.FILES, prefix=f"m{item}")
    if not form.is_valid():
        errors: dict[str, Any] = {f"material_error_{item}": "请选择要上传的 PDF 文件"}
        return _detail(request, report, **errors)
    try:
        material = services.report_attach(report=report, item=item, upload=form.cleaned_data["file"], user=user)
    except (MaterialError, services.ReportError) as err:
        errors = {f"material_error_{item}": str(err)}
        return _detail(request, report, **errors)
    messages.success(request, f"已上传：{material.display_name}")
    return redirect(reverse("layoffs:detail", args=[report.pk]) + "#materials")


@login_required
@require_safe
def material_file(request: HttpRequest, pk: int, item: int) -> FileResponse:
    report = _report(acting_user(request), pk)
    material = get_object_or_404(LayoffMaterial, report=report, item=item)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.display_name)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    report = _report(user, pk)
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied("该报告当前不能提交")
    return act_and_back(
        request,
        lambda: services.report_submit(report=report, user=user),
        errors=TransitionError,
        done=lambda _: "报告已提交劳动关系科，受理后可下载《收悉证明》",
        back=reverse("layoffs:detail", args=[report.pk]),
    )


def _reviewer_report(request: HttpRequest, pk: int) -> tuple[User, LayoffReport]:
    user = acting_user(request, permissions.is_labour_relations, "裁减人员报告由劳动关系科受理")
    return user, _report(user, pk)


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = _reviewer_report(request, pk)
    back = reverse("layoffs:detail", args=[report.pk])
    if report.status == Status.ACCEPTED:
        messages.info(request, f"该报告已受理，《收悉证明》{report.receipt_number}")
        return redirect(back)
    if not confirmed(request) and permissions.can_decide_report(user, report):
        return confirm_page(
            request,
            title="受理裁减人员报告",
            summary=f"将受理{report.organisation.name}的裁减人员报告（裁减 {report.layoffs} 人，职工总数 "
            f"{report.employees} 人），并出具带编号的《收悉证明》，操作不可撤销。",
            button="确认受理并出具《收悉证明》",
            back=back,
        )
    return act_and_back(
        request,
        lambda: services.report_accept(report=report, user=user),
        errors=TransitionError,
        done=lambda _: f"已受理，出具《收悉证明》{report.receipt_number}",
        back=back,
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    user, report = _reviewer_report(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, return_form=form)
    return act_and_back(
        request,
        lambda: services.report_return(report=report, user=user, reasons=form.cleaned_data["reasons"]),
        errors=TransitionError,
        done=lambda _: "已退回单位补正",
        back=reverse("layoffs:detail", args=[report.pk]),
    )


@login_required
@require_safe
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(acting_user(request), pk)
    if report.status != Status.ACCEPTED:
        raise Http404
    response = HttpResponse(
        receipts.receipt_pdf(report, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(receipts.receipt_filename(report))}"
    return response


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Public: is there a receipt with this number? Only "真实有效" and the date: receipt numbers are
    sequential, so the firm and the number laid off would be open to anyone counting through them."""
    if "number" not in request.GET:
        return render(request, "layoffs/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    found = selectors.receipt_by_number(form.data.get("number", "")) if form.is_valid() else None
    return render(
        request,
        "layoffs/verify.html",
        {"form": form, "searched": True, "found": found},
        status=200 if found else 404,
    )


@login_required
@require_safe
def warning(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_warning(acting_user(request)):
        raise PermissionDenied("预警统计仅供工作人员查看")
    form = WarningForm(request.GET or None)
    by, since = "street", None
    if form.is_bound and form.is_valid():
        by = form.cleaned_data["by"] or "street"
        since = form.cleaned_data["since"]
    rows = selectors.layoff_counts(by="industry" if by == "industry" else "street", since=since)
    return render(
        request,
        "layoffs/warning.html",
        {"form": form, "rows": rows, "by": by, "since": since, "total": sum(n for _, n in rows)},
    )
