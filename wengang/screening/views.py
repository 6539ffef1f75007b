"""Screening pages for bureau staff (/screening/) and the firms' 免申即享 offers (/screening/offers/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang.accounts.models import ORGANISATION_ROLES, User
from wengang.cases.views import act_and_back

from . import push as pushes
from . import results
from .forms import RunForm
from .models import Push, RunStatus, ScreeningRun
from .permissions import can_screen
from .services import RunError, run_cancel, run_submit

DOWNLOADS = {
    "results.csv": ("result_file", "text/csv; charset=utf-8"),
    "results.xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "results.parquet": (".parquet", "application/vnd.apache.parquet"),
    "rejects.csv": ("rejects_file", "text/csv; charset=utf-8"),
    "meta.json": ("meta_file", "application/json"),
}


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_screen(user):
        raise PermissionDenied("仅区级审核人员和管理员可以使用主动筛查")
    return user


def _run(pk: int) -> ScreeningRun:
    return get_object_or_404(ScreeningRun.objects.select_related("submitted_by", "published_by"), pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = RunForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"] if data["source"] == "upload" else results.registry_extract()
        try:
            run = run_submit(user=user, upload=upload, decision_date=data["decision_date"], variant=data["variant"],
                             overrides=data["overrides"])
        except RunError as err:
            form.add_error("file", str(err))
        else:
            if run.reused:
                messages.info(request, "同一数据文件和方案已筛查过，直接使用已有结果。")
            return redirect("screening:detail", pk=run.pk)
    runs = ScreeningRun.objects.select_related("submitted_by")[:50]
    return render(request, "screening/index.html", {"form": form, "runs": runs})


def _detail_context(run: ScreeningRun) -> dict[str, object]:
    ctx: dict[str, object] = {"run": run}
    if run.status == RunStatus.DONE:
        ctx["rejects"], ctx["rejects_total"] = results.rejects_rows(run)
        ctx["policies"] = [
            (pid, run.counts.get("eligible", {}).get(pid, 0), run.counts.get("unknown", {}).get(pid, 0),
             run.counts.get("amount", {}).get(pid))
            for pid in sorted(set(run.counts.get("eligible", {})) | set(run.counts.get("amount", {})))
        ]
        ctx["uptake"] = pushes.uptake(run)
        ctx["scenarios"] = results.same_extract(run)
    return ctx


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    return render(request, "screening/detail.html", _detail_context(_run(pk)))


@login_required
@require_safe
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx progress bar; once the run has finished, the whole page reloads to show the results."""
    _staff(request)
    run = _run(pk)
    response = render(request, "screening/_progress.html", {"run": run})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = _run(pk)
    if run_cancel(run=run):
        messages.success(request, "已取消筛查。")
    else:
        messages.error(request, "筛查已结束，无法取消。")
    return redirect("screening:detail", pk=run.pk)


@login_required
@require_safe
def download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    _staff(request)
    run = _run(pk)
    if name not in DOWNLOADS or run.status != RunStatus.DONE:
        raise Http404("没有该文件")
    source, content_type = DOWNLOADS[name]
    if source.startswith("."):
        body = results.result_download(run, source)
    else:
        with getattr(run, source).open("rb") as fh:
            body = fh.read()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="screening-{run.pk}-{name}"'
    return response


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    run = _run(pk)
    return act_and_back(
        request,
        lambda: pushes.run_publish(run=run, user=user),
        errors=pushes.PushError,
        done=lambda _: "已发布，正在向符合条件或信息待补充的单位推送消息；推送情况见下表。",
        back=reverse("screening:detail", args=[run.pk]),
    )


@login_required
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    _staff(request)
    try:
        base = _run(int(request.GET.get("base", "")))
        scenario = _run(int(request.GET.get("scenario", "")))
    except ValueError:
        raise Http404("请选择要比较的两次筛查") from None
    if base.status != RunStatus.DONE or scenario.status != RunStatus.DONE or base.input_sha256 != scenario.input_sha256:
        messages.error(request, "只能比较同一数据文件已完成的两次筛查。")
        return redirect("screening:detail", pk=base.pk)
    lines = results.compare(base, scenario)
    groups = [(label, lines[dim]) for dim, label in results.DIMENSIONS]
    return render(request, "screening/compare.html", {"base": base, "scenario": scenario, "groups": groups})


# ---- the firm's side -----------------------------------------------------------------------------


def _firm_push(request: HttpRequest, pk: int) -> tuple[User, Push]:
    user = request.user
    assert isinstance(user, User)
    push = get_object_or_404(Push.objects.select_related("subsidy_type", "organisation", "application"), pk=pk)
    if not pushes.can_answer(user, push):
        raise Http404("没有该推送")  # never say whose it is
    return user, push


@login_required
@require_safe
def offers(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.role not in ORGANISATION_ROLES:
        raise PermissionDenied("免申即享仅面向用人单位")
    return render(request, "screening/offers.html", {"pushes": pushes.pushes_for(user)})


@login_required
@require_safe
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    _, push = _firm_push(request, pk)
    pushes.push_open(push=push)
    push.refresh_from_db()
    return render(request, "screening/offer.html", {
        "push": push, "period": pushes.period_text(push),
        "missing": list(zip(push.missing, pushes.missing_labels(push), strict=True)),
    })


@login_required
@require_POST
def offer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user, push = _firm_push(request, pk)
    try:
        application = pushes.push_confirm(push=push, user=user)
    except pushes.PushError as err:
        messages.error(request, str(err))
        return redirect("screening:offer", pk=push.pk)
    messages.success(request, f"已确认申请，申请编号 {application.reference}，已进入审核。")
    return redirect("subsidies:apply_detail", pk=application.pk)


@login_required
@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    _, push = _firm_push(request, pk)
    return act_and_back(
        request,
        lambda: pushes.push_decline(push=push),
        errors=pushes.PushError,
        done=lambda _: "已放弃该项补贴。",
        back=reverse("screening:offer", args=[push.pk]),
    )
