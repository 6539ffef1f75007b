"""The reviewer workbench (审核工作台): queue, review of one application, decisions, payments,
batch actions, the Excel export of decisions and the decision letter."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST, require_safe

from wengang.accounts import permissions
from wengang.accounts.models import User
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.views import acting_user
from wengang.cases.workflow import blocked_moves, next_moves
from wengang.clock import today
from wengang.ops.fragments import fragment
from wengang.policy.explain import PolicyResult
from wengang.policy.fields import field_label
from wengang.policy.params import ParameterError
from wengang.registry.models import Street
from wengang.spreadsheets import download

from ..forms_review import (
    ApproveForm,
    BatchForm,
    CloseForm,
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


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told how many objects there are (None: it counts them, as Django's does)."""

    def __init__(self, object_list: Any, per_page: int, known_count: int | None) -> None:
        super().__init__(object_list, per_page)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return super().count if self.known_count is None else self.known_count


@require_safe
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _require_staff(user)
    form = _filter_form(request, user)
    flt = form.queue_filter()
    counts = review.queue_status_counts(user)
    # the tabs' grouped count already says how many a status filter lists: no COUNT(*) of its own; the
    # page's rows come from review.queue_page, so the paginator needs the queryset only to count
    known = review.filtered_count(counts, flt)
    apps = review.queue_filter(review.queue_for(user), flt) if known is None else []
    page = _CountedPaginator(apps, PAGE_SIZE, known).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tabs, open_total = review.queue_counts(user, counts)
    start = (page.number - 1) * PAGE_SIZE
    ctx = {
        "form": form,
        "page": page,
        "rows": _rows(review.queue_page(user, flt, start, start + PAGE_SIZE)),
        "query": query.urlencode(),
        "today": today(),
        "is_municipal": permissions.is_municipal(user),
        "batch_actions": review.batch_actions_for(user),
        "status_counts": tabs,
        "open_count": open_total,
        "current_status": request.GET.get("status", ""),
    }
    if request.headers.get("HX-Request"):
        template = "subsidies/review/_queue_results.html"
    else:
        template = "subsidies/review/queue.html"
        ctx["filter_fields"] = _filter_fields(form, user)
    response = render(request, template, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The decisions in the current filter as an Excel workbook."""
    return download(review.decisions_xlsx(_decided(request)), "审核决定")


@require_safe
@login_required
def export_payments(request: HttpRequest) -> HttpResponse:
    """The payments recorded for the applications in the current filter, as an Excel workbook."""
    return download(review.payments_xlsx(_decided(request)), "拨付记录")


def _filter_fields(form: QueueFilterForm, user: User) -> SafeString:
    """The filter form's fields. Unfilled, they depend only on the choices offered (the user's statuses,
    subsidy types and the streets), so they are rendered once per process for each set of choices: two
    small reads of those choices replace rendering five fields and 43 streets (issue 11, load)."""

    def html() -> SafeString:
        return render_to_string("subsidies/review/_queue_filter_fields.html", {"form": form})

    if form.is_bound:
        return html()
    choices = (
        tuple(review.filter_statuses(user)),
        tuple(review.filter_subsidy_types(user).values_list("pk", "policy")),
        tuple(Street.objects.values_list("pk", "name", "kind")),
    )
    key = hashlib.sha256(repr(choices).encode()).hexdigest()
    return fragment(f"review-queue-filter-{key}", html)


def _filter_form(request: HttpRequest, user: User) -> QueueFilterForm:
    return QueueFilterForm(
        request.GET or None,
        statuses=review.filter_statuses(user),
        subsidy_types=review.filter_subsidy_types(user),
    )


def _decided(request: HttpRequest) -> QuerySet[Application]:
    """The decided applications of the user's queue in the filter of the URL."""
    user = acting_user(request)
    _require_staff(user)
    form = _filter_form(request, user)
    return review.queue_filter(review.queue_for(user), form.queue_filter(decided=True))


@require_POST
@login_required
def batch(request: HttpRequest) -> HttpResponse:
    """Batch accept / approve: first a confirmation page listing the applications with their
    amounts and whether each move is possible; on confirmation each is applied on its own."""
    user = acting_user(request)
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


#: the page's form for each move of the transition table a reviewer or the municipal group makes,
#: by (from, to); a move from a state not listed has one form whatever its origin
MOVE_FORMS = {
    (S.SUBMITTED, S.DISTRICT_REVIEW): "accept",
    S.DEFICIENT: "deficiency",
    (S.DEFICIENT, S.DISTRICT_REVIEW): "supplied",
    S.CLOSED: "close",
    S.RETURNED: "return",
    S.MUNICIPAL_REVIEW: "escalate",
    S.APPROVED: "approve",
    S.REJECTED: "reject",
    S.PAID: "payment",
}


def _actions(user: User, app: Application) -> set[str]:
    """The review actions the transition table allows this user now (and the guards would): one form
    per move ``next_moves`` offers, as the shared ``cases/_actions.html`` draws one per move.

    The page keeps its own forms rather than that partial, which posts a move with one comment:
    容缺受理 ticks the items to supply with a note each (pre-ticked from the material marks, core
    materials refused), 补正完毕 ticks the items checked, 不予通过 ticks the clauses the engine found
    unmet, 审核通过 states the amount it will fix, 登记拨付 takes the batch, date, amount and bank
    reference; each posts to its own view, and the irreversible ones ask to confirm
    (``cases.confirm``). The moves and their guards are the workflow's alone, so the page offers
    exactly what ``next_moves`` offers and ``blocked_moves`` lists the rest with the reason."""
    if not permissions.can_review(user, app):
        return set()
    acts = set()
    for move in next_moves(APPLICATIONS, app, user):
        key = MOVE_FORMS.get((app.status, move.to)) or MOVE_FORMS.get(move.to)
        if key is None or (key == "payment" and not permissions.can_record_payment(user, app)):
            continue
        acts.add(key)
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
    case = application_case(app)
    kind = str(case.get("kind", ""))
    return [
        (name, field_label(name, kind), value)
        for name, value in case.items()
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
    if "close" in actions:
        forms["close"] = CloseForm()
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
    user = acting_user(request)
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
        "blocked": blocked_moves(APPLICATIONS, app, user) if permissions.can_review(user, app) else [],
    }
    return render(request, "subsidies/review/detail.html", ctx, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    _require_staff(user)
    return _detail(request, _application(user, pk))


def _act(request: HttpRequest, pk: int) -> tuple[User, Application]:
    user = acting_user(request)
    _require_staff(user)
    app = _application(user, pk)
    if not permissions.can_review(user, app):
        raise PermissionDenied("无权办理该申请")
    return user, app


def _done(request: HttpRequest, app: Application, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("subsidies:review_detail", pk=app.pk)


def _not_offered(request: HttpRequest, user: User, app: Application, key: str, to: str) -> HttpResponse | None:
    """The move is not on the page now (decided meanwhile, a guard refuses, a second click):
    say why on the case page instead of asking to confirm it."""
    if key in _actions(user, app):
        return None
    if app.status == to:
        messages.info(request, f"该申请已是“{app.get_status_display()}”，无需再次办理")
    else:
        move = APPLICATIONS.moves.get((app.status, to))
        why = APPLICATIONS.refusal(move, user, app) if move else None
        messages.error(request, why or f"该申请当前为“{app.get_status_display()}”，不能办理此事项")
    return redirect("subsidies:review_detail", pk=app.pk)


def _back(app: Application) -> str:
    return reverse("subsidies:review_detail", args=[app.pk])


def _failed(request: HttpRequest, app: Application, key: str, form: Any, exc: TransitionError) -> HttpResponse:
    """Show why the move failed: on its form when the action is still offered, else on the page."""
    app.refresh_from_db()
    if key in _actions(acting_user(request), app):
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


@dataclass(frozen=True)
class _Decision:
    """A decision made with a form on the detail page (``key`` names the form there): ``form``
    binds the POST; ``make`` makes the move through the review service and says what was done."""

    form: Callable[[QueryDict, Application], Any]
    make: Callable[[Application, User, Any], str]
    may: Callable[[User, Application], bool] | None = None  # beyond ``can_review``
    refusal: str = ""
    #: the state the move leads to: checked against the moves offered now before the form is read
    to: str | None = None
    #: an irreversible decision: the summary page asking to confirm it (``cases.confirm``)
    confirm: Callable[[HttpRequest, Application, Any], HttpResponse] | None = None


def _deficiency(app: Application, user: User, form: DeficiencyForm) -> str:
    note = form.cleaned_data["note"]
    items = review.application_accept_with_deficiencies(application=app, actor=user, items=form.items(), note=note)
    return f"已容缺受理，{len(items)} 项待补正，补正期限 {items[0].due_date:%Y-%m-%d}"


def _supplied(app: Application, user: User, form: SuppliedForm) -> str:
    review.application_confirm_supplied(application=app, actor=user, deficiencies=form.cleaned_data["deficiencies"])
    return "补正材料已核验，申请进入区级审核"


def _return(app: Application, user: User, form: ReturnForm) -> str:
    review.application_return(application=app, actor=user, reasons=form.cleaned_data["reasons"])
    return "已退回申请人修改"


def _escalate(app: Application, user: User, form: EscalateForm) -> str:
    review.application_escalate(application=app, actor=user, reason=form.cleaned_data["reason"])
    return "已报市审核小组联审"


def _approve(app: Application, user: User, form: ApproveForm) -> str:
    review.application_approve(application=app, actor=user, comment=form.cleaned_data["comment"])
    return f"审核通过，核定金额 {app.approved_amount:,.2f} 元"


def _confirm_approve(request: HttpRequest, app: Application, form: ApproveForm) -> HttpResponse:
    live = _live(app)
    amount = f"¥{live.amount:,.2f}" if live and live.amount is not None else "（金额待定）"
    title = "联审通过" if app.status == S.MUNICIPAL_REVIEW else "审核通过"
    return confirm_page(
        request,
        title=f"{title} {app.reference}",
        summary=f"将审核通过{app.organisation.name}的申请（{app.subsidy_type}），按今日政策规则核定 {amount}；"
        "决定及所用参数将冻结，申请人将收到审核决定书，操作不可撤销。",
        details=[("审核意见", form.cleaned_data["comment"] or "（无）")],
        button=f"确认{title}",
        back=_back(app),
    )


def _reject(app: Application, user: User, form: RejectForm) -> str:
    data = form.cleaned_data
    review.application_reject(application=app, actor=user, clauses=data["clauses"], reasons=data["reasons"])
    return "已作出不予通过决定"


def _confirm_reject(request: HttpRequest, app: Application, form: RejectForm) -> HttpResponse:
    cited = "、".join(form.cleaned_data["clauses"]) or "理由中引用的条款"
    return confirm_page(
        request,
        title=f"不予通过 {app.reference}",
        summary=f"将对{app.organisation.name}的申请（{app.subsidy_type}）作出不予通过决定，依据 {cited}；"
        "申请人将收到审核决定书，操作不可撤销。",
        details=[("理由", form.cleaned_data["reasons"] or "（无）")],
        button="确认不予通过",
        back=_back(app),
        danger=True,
    )


def _payment(app: Application, user: User, form: PaymentForm) -> str:
    fields = ("batch_reference", "paid_on", "amount", "payment_reference", "reason")
    review.application_record_payment(application=app, actor=user, **{name: form.cleaned_data[name] for name in fields})
    return "已登记拨付"


def _confirm_payment(request: HttpRequest, app: Application, form: PaymentForm) -> HttpResponse:
    data = form.cleaned_data
    return confirm_page(
        request,
        title=f"登记拨付 {app.reference}",
        summary=f"将登记向{app.organisation.name}拨付 ¥{data['amount']:,.2f}，操作不可撤销。",
        details=[
            ("拨付批次号", data["batch_reference"]),
            ("拨付日期", f"{data['paid_on']:%Y-%m-%d}"),
            ("支付流水号", data["payment_reference"]),
            *([("金额不一致的理由", data["reason"])] if data["reason"] else []),
        ],
        button="确认登记拨付",
        back=_back(app),
    )


def _close(app: Application, user: User, form: CloseForm) -> str:
    review.application_close(application=app, actor=user, reason=form.cleaned_data["reason"])
    return "申请已因逾期未补正关闭"


def _confirm_close(request: HttpRequest, app: Application, form: CloseForm) -> HttpResponse:
    return confirm_page(
        request,
        title=f"逾期未补正，关闭 {app.reference}",
        summary=f"将关闭{app.organisation.name}的申请（{app.subsidy_type}）：补正期限已过，仍有事项未补正。"
        "申请人将收到通知，操作不可撤销；如需再申请须重新提交。",
        details=[("关闭说明", form.cleaned_data["reason"])],
        button="确认关闭",
        back=_back(app),
        danger=True,
    )


DECISIONS = {
    "deficiency": _Decision(lambda post, app: DeficiencyForm(post, application=app), _deficiency),
    "supplied": _Decision(lambda post, app: SuppliedForm(post, application=app), _supplied),
    "return": _Decision(lambda post, app: ReturnForm(post), _return),
    "close": _Decision(lambda post, app: CloseForm(post), _close, to=S.CLOSED, confirm=_confirm_close),
    "escalate": _Decision(lambda post, app: EscalateForm(post, application=app), _escalate),
    "approve": _Decision(lambda post, app: ApproveForm(post), _approve, to=S.APPROVED, confirm=_confirm_approve),
    "reject": _Decision(
        lambda post, app: RejectForm(post, unmet=_unmet_choices(app)), _reject, to=S.REJECTED, confirm=_confirm_reject
    ),
    "payment": _Decision(
        lambda post, app: PaymentForm(post, application=app),
        _payment,
        permissions.can_record_payment,
        "无权登记拨付",
        to=S.PAID,
        confirm=_confirm_payment,
    ),
}


def _decide(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Invalid form: the detail page again with its errors; a move no longer offered: why, on the
    case page; an irreversible decision: a confirmation page first; a refused move: why (``_failed``)."""
    decision = DECISIONS[key]
    user, app = _act(request, pk)
    if decision.may is not None and not decision.may(user, app):
        raise PermissionDenied(decision.refusal)
    if decision.to is not None and (refused := _not_offered(request, user, app, key, decision.to)) is not None:
        return refused
    form = decision.form(request.POST, app)
    if not form.is_valid():
        return _detail(request, app, {key: form})
    if decision.confirm is not None and not confirmed(request):
        return decision.confirm(request, app, form)
    try:
        text = decision.make(app, user, form)
    except TransitionError as exc:
        return _failed(request, app, key, form, exc)
    return _done(request, app, text)


def _decision_view(key: str) -> Callable[[HttpRequest, int], HttpResponse]:
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _decide(request, pk, key)

    view.__name__ = view.__qualname__ = "return_" if key == "return" else key
    return require_POST(login_required(view))


deficiency, supplied, return_, close, escalate, approve, reject, payment = map(_decision_view, DECISIONS)


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
    user = acting_user(request)
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
