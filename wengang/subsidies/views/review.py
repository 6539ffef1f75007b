"""The reviewer workbench (审核工作台): queue, review of one application, decisions, payments,
batch actions, the Excel export of decisions and the decision letter."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from wengang.accounts import permissions
from wengang.accounts.models import User
from wengang.cases.workflow import next_moves
from wengang.clock import today
from wengang.policy.explain import PolicyResult
from wengang.policy.fields import field_label
from wengang.policy.params import ParameterError

from ..forms_review import (
    ApproveForm,
    BatchForm,
    DeficiencyForm,
    EscalateForm,
    MaterialMarkForm,
    PaymentForm,
    QueueFilterForm,
    RejectForm,
    ReturnForm,
    SuppliedForm,
)
from ..models import Application, Material, MaterialMark, Status
from ..services import letters, review
from ..services.engine import application_case, judge
from ..workflow import APPLICATIONS, TransitionError

S = Status
PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _require_staff(user: User) -> None:
    """Review pages are for reviewers, the municipal group and administrators: 403 for others."""
    if not (permissions.is_reviewer(user) or permissions.is_municipal(user) or permissions.is_admin(user)):
        raise PermissionDenied("仅审核人员可以访问")


def _application(user: User, pk: int) -> Application:
    """The application if the user may see it; 404 otherwise (never say whose it is)."""
    app = get_object_or_404(
        Application.objects.select_related("organisation__street", "subsidy_type__department", "applicant"), pk=pk
    )
    if app.status == S.DRAFT or not permissions.can_view_application(user, app):
        raise Http404
    return app


# ---- queue ----------------------------------------------------------------------------------


def _rows(apps: list[Application]) -> list[dict[str, Any]]:
    on = today()
    return [
        {
            "app": app,
            "due": review.review_due(app),
            "running": app.status in review.REVIEW_RUNNING,
            "overdue": review.overdue_working_days(app, on),
        }
        for app in apps
    ]


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_staff(user)
    form = QueueFilterForm(request.GET or None)
    apps = review.queue_filter(review.queue_for(user), form.queue_filter())
    page = Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list)),
        "query": query.urlencode(),
        "today": today(),
        "is_municipal": permissions.is_municipal(user),
        "batch_actions": review.batch_actions_for(user),
        "status_counts": review.status_counts(user),
        "open_count": review.open_count(user),
        "current_status": request.GET.get("status", ""),
    }
    template = (
        "subsidies/review/_queue_results.html" if request.headers.get("HX-Request") else "subsidies/review/queue.html"
    )
    response = render(request, template, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The decisions in the current filter as an Excel workbook."""
    user = _user(request)
    _require_staff(user)
    form = QueueFilterForm(request.GET or None)
    apps = review.queue_filter(review.queue_for(user), form.queue_filter(decided=True))
    response = HttpResponse(
        review.decisions_xlsx(apps),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="decisions-{today():%Y%m%d}.xlsx"'
    return response


@require_POST
@login_required
def batch(request: HttpRequest) -> HttpResponse:
    """Batch accept / approve: first a confirmation page listing the applications with their
    amounts and whether each move is possible; on confirmation each is applied on its own."""
    user = _user(request)
    _require_staff(user)
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要批量办理的申请和操作")
        return redirect(reverse("subsidies:review_queue") + _back_query(request))
    action = form.cleaned_data["action"]
    apps = _batch_applications(user, form.cleaned_data["ids"])
    label = review.BATCH_ACTIONS[action][0]
    ctx: dict[str, Any] = {"action": action, "label": label, "back": _back_query(request)}
    if request.POST.get("confirm") == "1":
        ctx["lines"] = review.applications_batch(user=user, applications=apps, action=action)
        ctx["done"] = True
    else:
        ctx["lines"] = review.batch_preview(user=user, applications=apps, action=action)
        ctx["done"] = False
    ctx["ok_count"] = sum(1 for line in ctx["lines"] if line.ok)
    ctx["skipped_count"] = len(ctx["lines"]) - ctx["ok_count"]
    return render(request, "subsidies/review/batch.html", ctx)


def _batch_applications(user: User, ids: list[int]) -> list[Application]:
    """The chosen applications the user can see; others are silently left out (not theirs)."""
    found = review.queue_for(user).filter(pk__in=ids).order_by("pk")
    return [app for app in found if permissions.can_view_application(user, app)]


def _back_query(request: HttpRequest) -> str:
    back = request.POST.get("back", "")
    return back if back.startswith("?") else ""


# ---- one application ------------------------------------------------------------------------


def _actions(user: User, app: Application) -> set[str]:
    """The review actions the transition table allows this user now (and the guards would)."""
    if not permissions.can_review(user, app):
        return set()
    allowed = {move.to for move in next_moves(APPLICATIONS, app, user)}
    acts = set()
    if app.status == S.SUBMITTED and S.DISTRICT_REVIEW in allowed:
        acts.add("accept")
    if S.DEFICIENT in allowed:
        acts.add("deficiency")
    if app.status == S.DEFICIENT and S.DISTRICT_REVIEW in allowed:
        acts.add("supplied")
    if S.RETURNED in allowed:
        acts.add("return")
    if S.MUNICIPAL_REVIEW in allowed:
        acts.add("escalate")
    if S.APPROVED in allowed:
        acts.add("approve")
    if S.REJECTED in allowed:
        acts.add("reject")
    if S.PAID in allowed and permissions.can_record_payment(user, app):
        acts.add("payment")
    return acts


def _timeline(app: Application) -> list[Any]:
    """The 办理记录 as staff see it: each person with their department."""
    changes = list(app.changes.select_related("actor__department").order_by("at", "pk"))
    for c in changes:
        if c.actor is not None and c.actor.department is not None:
            c.who = f"{c.actor.display_name}（{c.actor.department}）"
    return changes


def _result_view(result: dict[str, Any]) -> dict[str, Any]:
    """A PolicyResult.to_dict (live, pre-check or frozen) with its parameters ready to show."""
    if not result:
        return {}
    return {**result, "shown_parameters": [letters.parameter_row(p) for p in result.get("parameters", [])]}


def _facts(app: Application) -> list[tuple[str, str, Any]]:
    """The facts the engine judges (registry values and the applicant's), with their labels."""
    return [
        (name, field_label(name), value)
        for name, value in application_case(app).items()
        if name not in ("kind", "name", "uscc") and not isinstance(value, list | dict)
    ]


def _live(app: Application) -> PolicyResult | None:
    """The engine's judgement today; None when no parameter values cover today."""
    try:
        return judge(app, today())
    except ParameterError:
        return None


def _unmet_choices(app: Application) -> list[tuple[str, str]]:
    """The clauses the engine finds unmet today, offered as reasons for a rejection."""
    seen: dict[str, str] = {}
    live = _live(app)
    for c in live.conditions if live else []:
        if c.status == "unmet" and c.clause not in seen:
            seen[c.clause] = f"{c.clause} {c.text}"
    return list(seen.items())


def _forms(user: User, app: Application, actions: set[str], bound: dict[str, Any]) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    if "reject" in actions:
        forms["reject"] = RejectForm(unmet=_unmet_choices(app))
    if "deficiency" in actions:
        forms["deficiency"] = DeficiencyForm(application=app)
    if "supplied" in actions:
        forms["supplied"] = SuppliedForm(application=app)
    if "return" in actions:
        forms["return"] = ReturnForm()
    if "escalate" in actions:
        forms["escalate"] = EscalateForm(application=app)
    if "approve" in actions:
        forms["approve"] = ApproveForm()
    if "payment" in actions:
        forms["payment"] = PaymentForm(application=app, initial={"paid_on": today()})
    forms.update(bound)
    return forms


def _material_rows(user: User, app: Application, bound: dict[str, Any]) -> list[tuple[Material, Any]]:
    """Each material with its mark form (None when this user may not mark it now)."""
    markable = permissions.can_review(user, app) and app.status in review.MARKABLE
    rows: list[tuple[Material, Any]] = []
    for m in app.materials.select_related("requirement"):
        form = (bound.get(f"mark-{m.pk}") or MaterialMarkForm(material=m)) if markable else None
        rows.append((m, form))
    return rows


def _detail(
    request: HttpRequest, app: Application, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    actions = _actions(user, app)
    decided = letters.has_letter(app)
    result = None if decided else _live(app)
    live = _result_view(result.to_dict()) if result else None
    ctx = {
        "app": app,
        "actions": actions,
        "forms": _forms(user, app, actions, bound or {}),
        "live": live,
        "precheck": _result_view(app.precheck),
        "frozen": _result_view(app.decision) if app.decision else None,
        "facts": _facts(app),
        "due": review.review_due(app),
        "overdue": review.overdue_working_days(app),
        "today": today(),
        "deficiencies": list(app.deficiencies.select_related("requirement")),
        "requirements": list(app.subsidy_type.requirements.all()),
        "materials": _material_rows(user, app, bound or {}),
        "submitted_requirements": set(app.materials.values_list("requirement_id", flat=True)),
        "worker_lines": list(app.worker_lines.order_by("month", "name")),
        "training_lines": list(app.training_lines.order_by("name")),
        "changes": _timeline(app),
        "payment": getattr(app, "payment", None) if app.status == S.PAID else None,
        "has_letter": decided,
        "route": app.subsidy_type.municipal_review,
    }
    return render(request, "subsidies/review/detail.html", ctx, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_staff(user)
    return _detail(request, _application(user, pk))


def _act(request: HttpRequest, pk: int) -> tuple[User, Application]:
    user = _user(request)
    _require_staff(user)
    app = _application(user, pk)
    if not permissions.can_review(user, app):
        raise PermissionDenied("无权办理该申请")
    return user, app


def _done(request: HttpRequest, app: Application, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("subsidies:review_detail", pk=app.pk)


def _failed(request: HttpRequest, app: Application, key: str, form: Any, exc: TransitionError) -> HttpResponse:
    """Show why the move failed: on its form when the action is still offered, else on the page."""
    app.refresh_from_db()
    if key in _actions(_user(request), app):
        form.add_error(None, str(exc))
        return _detail(request, app, {key: form})
    messages.error(request, str(exc))
    return redirect("subsidies:review_detail", pk=app.pk)


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    try:
        review.application_accept(application=app, actor=user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:review_detail", pk=app.pk)
    return _done(request, app, f"已受理，审核期限 {app.review_due:%Y-%m-%d}")


@require_POST
@login_required
def deficiency(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = DeficiencyForm(request.POST, application=app)
    if not form.is_valid():
        return _detail(request, app, {"deficiency": form})
    try:
        items = review.application_accept_with_deficiencies(
            application=app, actor=user, items=form.items(), note=form.cleaned_data["note"]
        )
    except TransitionError as exc:
        return _failed(request, app, "deficiency", form, exc)
    return _done(request, app, f"已容缺受理，{len(items)} 项待补正，补正期限 {items[0].due_date:%Y-%m-%d}")


@require_POST
@login_required
def supplied(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = SuppliedForm(request.POST, application=app)
    if not form.is_valid():
        return _detail(request, app, {"supplied": form})
    try:
        review.application_confirm_supplied(application=app, actor=user, deficiencies=form.cleaned_data["deficiencies"])
    except TransitionError as exc:
        return _failed(request, app, "supplied", form, exc)
    return _done(request, app, "补正材料已核验，申请进入区级审核")


@require_POST
@login_required
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, app, {"return": form})
    try:
        review.application_return(application=app, actor=user, reasons=form.cleaned_data["reasons"])
    except TransitionError as exc:
        return _failed(request, app, "return", form, exc)
    return _done(request, app, "已退回申请人修改")


@require_POST
@login_required
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = EscalateForm(request.POST, application=app)
    if not form.is_valid():
        return _detail(request, app, {"escalate": form})
    try:
        review.application_escalate(application=app, actor=user, reason=form.cleaned_data["reason"])
    except TransitionError as exc:
        return _failed(request, app, "escalate", form, exc)
    return _done(request, app, "已报市审核小组联审")


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, app, {"approve": form})
    try:
        review.application_approve(application=app, actor=user, comment=form.cleaned_data["comment"])
    except TransitionError as exc:
        return _failed(request, app, "approve", form, exc)
    return _done(request, app, f"审核通过，核定金额 {app.approved_amount:,.2f} 元")


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    form = RejectForm(request.POST, unmet=_unmet_choices(app))
    if not form.is_valid():
        return _detail(request, app, {"reject": form})
    try:
        review.application_reject(
            application=app, actor=user, clauses=form.cleaned_data["clauses"], reasons=form.cleaned_data["reasons"]
        )
    except TransitionError as exc:
        return _failed(request, app, "reject", form, exc)
    return _done(request, app, "已作出不予通过决定")


@require_POST
@login_required
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _act(request, pk)
    if not permissions.can_record_payment(user, app):
        raise PermissionDenied("无权登记拨付")
    form = PaymentForm(request.POST, application=app)
    if not form.is_valid():
        return _detail(request, app, {"payment": form})
    data = form.cleaned_data
    try:
        review.application_record_payment(
            application=app,
            actor=user,
            batch_reference=data["batch_reference"],
            paid_on=data["paid_on"],
            amount=data["amount"],
            payment_reference=data["payment_reference"],
            reason=data["reason"],
        )
    except TransitionError as exc:
        return _failed(request, app, "payment", form, exc)
    return _done(request, app, "已登记拨付")


@require_POST
@login_required
def material_mark(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    """合格 / 需补正 on one material; 需补正 ones pre-fill the 容缺 list."""
    user, app = _act(request, pk)
    item: Material = get_object_or_404(Material, pk=material_pk, application=app)
    form = MaterialMarkForm(request.POST, material=item)
    if form.is_valid():
        try:
            review.material_mark(material=item, actor=user, mark=form.cleaned_data["mark"], note=form.cleaned_data["note"])
        except TransitionError as exc:
            form.add_error(None, str(exc))
    if not form.is_valid():
        return _detail(request, app, {f"mark-{item.pk}": form})
    messages.success(request, f"已将“{item.display_name}”标记为{MaterialMark(form.cleaned_data['mark']).label}")
    return redirect(reverse("subsidies:review_detail", args=[app.pk]) + f"#material-{item.pk}")


# ---- downloads: staff and the applicant organisation ---------------------------------------


def _viewable(request: HttpRequest, pk: int) -> Application:
    """For downloads open to the applicant too: 403 for roles that never see applications,
    404 for an application the user may not see."""
    user = _user(request)
    if not (
        permissions.is_applicant(user)
        or permissions.is_reviewer(user)
        or permissions.is_municipal(user)
        or permissions.is_admin(user)
    ):
        raise PermissionDenied
    return _application(user, pk)


@require_safe
@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    app = _viewable(request, pk)
    if not letters.has_letter(app):
        raise Http404("尚未作出审核决定")
    response = HttpResponse(letters.decision_letter_pdf(app, request.build_absolute_uri("/")), content_type="application/pdf")
    response["Content-Disposition"] = _disposition(letters.letter_filename(app), inline=True)
    return response


#: the inline PDF may be framed by our own review page only (the site's default is DENY / 'none')
INLINE_PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


def _material_file(request: HttpRequest, pk: int, material_pk: int, *, inline: bool) -> FileResponse:
    app = _viewable(request, pk)
    item: Material = get_object_or_404(Material, pk=material_pk, application=app)
    response = FileResponse(
        item.file.open("rb"), as_attachment=not inline, filename=item.display_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Disposition"] = _disposition(item.display_name, inline=True)
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = INLINE_PDF_POLICY
    return response


@require_safe
@login_required
def material(request: HttpRequest, pk: int, material_pk: int) -> HttpResponseBase:
    return _material_file(request, pk, material_pk, inline=False)


@require_safe
@login_required
def material_inline(request: HttpRequest, pk: int, material_pk: int) -> HttpResponseBase:
    """The material for the browser's own PDF viewer, framed on the review page; the same
    permission as the download."""
    return _material_file(request, pk, material_pk, inline=True)


def _disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{filename.encode('ascii', 'ignore').decode() or 'letter.pdf'}\"; filename*=UTF-8''{quote(filename)}"
