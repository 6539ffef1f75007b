"""The applicant's service hall under /hall/apply/: list, new claim, form, materials, detail, inbox.

Applicants are enterprise and agency accounts bound to an organisation; everyone else gets 403
on these pages, and an application of another organisation is a 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock
from wengang.accounts import permissions
from wengang.accounts.models import User
from wengang.cases.models import Notification, notices_about
from wengang.keyservice.models import ContactEntry, Need
from wengang.keyservice.permissions import can_view_contact, can_view_need
from wengang.registry.validators import mask_id_number
from wengang.screening.models import Push
from wengang.screening.push import can_answer

from ..forms import (
    ROW_FORMS,
    DeficiencySupplyForm,
    FactsForm,
    Op1PeriodForm,
    PdfUploadForm,
    RosterUploadForm,
    SubmitForm,
    WithdrawForm,
    clean_roster,
)
from ..models import Application, Deficiency, Material, Policy, Status, SubsidyType
from ..services import apply as svc
from ..services.engine import WorkerJudgement, combine_workers, judge_workers
from ..services.materials import MaterialError, material_attach, material_remove
from ..workflow import EDITABLE

S = Status


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _applicant(request: HttpRequest) -> User:
    """The signed-in applicant; 403 for any other role (or an account without an organisation)."""
    user = _user(request)
    if not permissions.is_applicant(user):
        raise PermissionDenied("仅用人单位和人力资源服务机构的账号可以办理申请")
    return user


def _application(user: User, pk: int) -> Application:
    """The organisation's own application; 404 for anyone else's (never say whose it is)."""
    app = get_object_or_404(
        Application.objects.select_related("organisation", "subsidy_type__department", "applicant"), pk=pk
    )
    if not permissions.can_view_application(user, app):
        raise Http404
    return app


# ---- list ---------------------------------------------------------------------------------------


@login_required
@require_safe
def apply_list(request: HttpRequest) -> HttpResponse:
    user = _applicant(request)
    organisation = user.organisation
    assert organisation is not None
    on = clock.today()
    apps = list(svc.applications_of(organisation))
    rows = [{"app": app, "dues": svc.due_dates(app), "period": svc.period_of(app)} for app in apps]
    return render(
        request,
        "subsidies/apply/list.html",
        {
            "organisation": organisation,
            "rows": rows,
            "offers": [o for o in svc.offers_for(organisation, on) if permissions.can_apply(user, o.subsidy_type)],
            "today": on,
        },
    )


# ---- new ----------------------------------------------------------------------------------------


def _subsidy(user: User, policy: str) -> SubsidyType:
    subsidy = get_object_or_404(SubsidyType, policy=policy.upper())
    if not permissions.can_apply(user, subsidy):
        raise PermissionDenied(f"本单位不能申请{subsidy.get_policy_display()}")
    return subsidy


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply_new(request: HttpRequest, policy: str) -> HttpResponse:
    """Choose the period, see the registry's pre-check, start (or resume) the draft."""
    user = _applicant(request)
    subsidy = _subsidy(user, policy)
    organisation = user.organisation
    assert organisation is not None
    on = clock.today()
    is_op1 = subsidy.policy == Policy.OP1
    period_form = Op1PeriodForm(request.POST or None) if is_op1 else None
    period = None if is_op1 else svc.fixed_period(subsidy)
    error = ""
    if request.method == "POST":
        if period_form is not None and period_form.is_valid():
            try:
                period = period_form.period()
            except svc.ApplyError as err:
                period_form.add_error("months", str(err))
        if period is None and not is_op1:
            error = "该补贴尚未开放申请（申请期间未确定）"
        elif period is not None:
            try:
                app = svc.application_start(user=user, subsidy_type=subsidy, period=period)
            except svc.ApplyError as err:
                error = str(err)
            else:
                return redirect("subsidies:apply_edit", pk=app.pk)
    window = svc.window_of(subsidy, on)
    existing = None
    if period is not None:
        existing = svc.existing_application(organisation, subsidy, period)
    fields = svc.fact_fields(subsidy.policy)
    prefill = svc.initial_facts(organisation, subsidy.policy)
    return render(
        request,
        "subsidies/apply/new.html",
        {
            "subsidy": subsidy,
            "organisation": organisation,
            "window": window,
            "window_state": svc.STATE_TEXT[window.state(on)],
            "window_open": window.is_open(on),
            "period": period,
            "period_form": period_form,
            "existing": existing,
            "error": error,
            "already": error == svc.ALREADY_CLAIMED,
            "result": svc.registry_precheck(organisation, subsidy.policy, on),
            "registry_rows": [(f, prefill.get(f.name, "")) for f in fields],
            "roster": svc.roster_kind(subsidy.policy),
            "roster_title": svc.ROSTER_TITLE.get(svc.roster_kind(subsidy.policy) or "", ""),
            "today": on,
        },
    )


# ---- the application form (draft) ---------------------------------------------------------------


def _roster_view(app: Application, result: Any, workers: list[WorkerJudgement]) -> list[dict[str, Any]]:
    """Roster rows for display (ID numbers masked) with the engine's verdict on each."""
    rows = svc.roster_rows(app)
    items = {item.index: item for item in (result.items if result is not None else [])}
    judged = {j.index: j for j in workers}
    out = []
    for i, row in enumerate(rows, start=1):
        item = items.get(i)
        out.append(
            {
                "key": row.get("pk", i - 1),
                "row": row,
                "masked": mask_id_number(str(row.get("id_number", ""))),
                "item": item,
                "worker": judged.get(i),
                "problems": [c for c in item.conditions if c.status != "met"] if item else [],
            }
        )
    return out


def _precheck_context(app: Application, on: Any) -> dict[str, Any]:
    try:
        if app.subsidy_type.policy == Policy.OP1 and app.facts.get("workers"):
            workers = judge_workers(app, on)
            result = combine_workers(workers, on)
        else:
            workers = []
            result = svc.precheck(app, on)
        error = ""
    except svc.ApplyError as err:
        workers, result, error = [], None, str(err)
    return {"result": result, "workers": workers, "precheck_error": error, "today": on}


def _edit_context(request: HttpRequest, app: Application, **bound: Any) -> dict[str, Any]:
    """Everything the form page shows; ``bound`` replaces the unbound forms that have errors."""
    on = clock.today()
    subsidy = app.subsidy_type
    organisation = app.organisation
    fields = svc.fact_fields(subsidy.policy)
    registry = svc.registry_values(organisation, fields)
    facts_form = bound.get("facts_form") or FactsForm(
        specs=fields, registry=registry, initial={f.name: app.facts.get(f.name, "") for f in fields}
    )
    kind = svc.roster_kind(subsidy.policy)
    period = svc.period_of(app)
    row_form = None
    if kind:
        row_form = bound.get("row_form") or ROW_FORMS[kind](prefix="row", period=period)
    pre = _precheck_context(app, on)
    materials = list(app.materials.select_related("requirement"))
    upload_errors: dict[int, PdfUploadForm] = bound.get("upload_forms", {})
    requirements = [
        {
            "req": req,
            "files": [m for m in materials if m.requirement_id == req.pk],
            "form": upload_errors.get(req.pk) or PdfUploadForm(prefix=f"m{req.pk}"),
        }
        for req in subsidy.requirements.all()
    ]
    window = svc.window_of(subsidy, on)
    returned = None
    if app.status == S.RETURNED:
        returned = app.changes.filter(to_status=S.RETURNED).order_by("-at", "-id").first()
    return {
        "app": app,
        "subsidy": subsidy,
        "organisation": organisation,
        "period": period,
        "facts_form": facts_form,
        "kind": kind,
        "roster_title": svc.ROSTER_TITLE.get(kind or "", ""),
        "row_form": row_form,
        "upload_form": bound.get("roster_upload_form") or RosterUploadForm(prefix="roster"),
        "roster_errors": bound.get("roster_errors", []),
        "roster": _roster_view(app, pre["result"], pre["workers"]),
        "requirements": requirements,
        "missing_essentials": svc.missing_essentials(app),
        "missing_optional": svc.missing_optional(app),
        "window": window,
        "window_state": svc.STATE_TEXT[window.state(on)],
        "window_open": window.is_open(on) or app.status == S.RETURNED,
        "submit_error": bound.get("submit_error", ""),
        "commitment_checked": bound.get("commitment_checked", False),
        "ask_reason": bound.get("ask_reason", False),
        "ineligible_reason": bound.get("ineligible_reason", ""),
        "returned": returned,
        "today": on,
        **pre,
    }


def _edit_page(request: HttpRequest, app: Application, **bound: Any) -> HttpResponse:
    return render(request, "subsidies/apply/edit.html", _edit_context(request, app, **bound))


def _editable_application(request: HttpRequest, pk: int) -> tuple[User, Application]:
    user = _applicant(request)
    return user, _application(user, pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form: facts, roster, materials, pre-check, commitment and submission."""
    user, app = _editable_application(request, pk)
    if request.method == "POST" and request.POST.get("action") == "submit":
        return _submit(request, user, app)
    if not permissions.can_edit_application(user, app):
        if request.method == "POST":
            messages.info(request, f"申请当前状态为“{app.get_status_display()}”，不能再修改")
        return redirect("subsidies:apply_detail", pk=app.pk)
    if request.method == "POST":
        fields = svc.fact_fields(app.subsidy_type.policy)
        form = FactsForm(request.POST, specs=fields, registry=svc.registry_values(app.organisation, fields))
        valid = form.is_valid()
        try:
            svc.application_save_facts(application=app, values=form.text_values())
        except svc.ApplyError as err:
            messages.error(request, str(err))
            return redirect("subsidies:apply_detail", pk=app.pk)
        if not valid:
            return _edit_page(request, app, facts_form=form, commitment_checked=bool(request.POST.get("commitment")))
        messages.success(request, f"草稿已保存（{timezone.localtime():%H:%M}）")
        return redirect("subsidies:apply_edit", pk=app.pk)
    return _edit_page(request, app)


def _submit(request: HttpRequest, user: User, app: Application) -> HttpResponse:
    """Submit once: a repeated POST (double click, retry) finds the application already submitted."""
    submit_form = SubmitForm(request.POST)
    if not submit_form.is_valid():
        return _edit_page(request, app, submit_error="页面已过期，请刷新后再提交")
    key = str(submit_form.cleaned_data["submission_key"])
    commitment = bool(submit_form.cleaned_data["commitment"])
    reason = submit_form.cleaned_data["ineligible_reason"]
    if app.status not in EDITABLE:
        if app.status == S.WITHDRAWN:
            raise Http404
        messages.info(request, "申请已提交，无需重复提交")
        return redirect("subsidies:apply_detail", pk=app.pk)
    fields = svc.fact_fields(app.subsidy_type.policy)
    form = FactsForm(request.POST, specs=fields, registry=svc.registry_values(app.organisation, fields))
    if not form.is_valid():
        return _edit_page(
            request,
            app,
            facts_form=form,
            commitment_checked=commitment,
            submit_error="申报数据填写有误，请修改后再提交",
        )
    try:
        done = svc.application_submit(
            application=app,
            user=user,
            submission_key=key,
            commitment_accepted=commitment,
            values=form.text_values(),
            ineligible_reason=reason,
        )
    except svc.ApplyError as err:
        app.refresh_from_db()
        return _edit_page(
            request,
            app,
            facts_form=form,
            commitment_checked=commitment,
            submit_error=str(err),
            ask_reason=isinstance(err, svc.IneligibleNeedsReason),
            ineligible_reason=reason,
        )
    if done.repeated:
        messages.info(request, "申请已提交，无需重复提交")
    else:
        messages.success(request, f"申请已提交（申请编号 {done.application.reference}），请留意审核进度和消息")
    return redirect("subsidies:apply_detail", pk=app.pk)


@login_required
@require_POST
def apply_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft's facts as they are typed; answer with the time and a fresh pre-check."""
    user, app = _editable_application(request, pk)
    ctx: dict[str, Any] = {"app": app}
    if not permissions.can_edit_application(user, app):
        ctx["message"] = f"申请当前状态为“{app.get_status_display()}”，修改未保存"
        return render(request, "subsidies/apply/_autosave.html", ctx)
    fields = svc.fact_fields(app.subsidy_type.policy)
    form = FactsForm(request.POST, specs=fields)
    form.is_valid()  # the valid values are saved; the others are named in the answer
    try:
        svc.application_save_facts(application=app, values=form.text_values())
    except svc.ApplyError as err:
        ctx["message"] = str(err)
        return render(request, "subsidies/apply/_autosave.html", ctx)
    ctx.update(
        saved_at=timezone.localtime(),
        errors=[f"{bound.label}：{message}" for bound, message in form.error_list()],
        oob=True,
        **_precheck_context(app, clock.today()),
    )
    return render(request, "subsidies/apply/_autosave.html", ctx)


# ---- rosters ------------------------------------------------------------------------------------


@login_required
@require_POST
def apply_roster(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a row, upload an Excel roster (replacing the list) or remove a row."""
    user, app = _editable_application(request, pk)
    kind = svc.roster_kind(app.subsidy_type.policy)
    if kind is None:
        raise Http404
    if not permissions.can_edit_application(user, app):
        messages.error(request, f"申请当前状态为“{app.get_status_display()}”，不能修改名单")
        return redirect("subsidies:apply_detail", pk=app.pk)
    period = svc.period_of(app)
    action = request.POST.get("action", "")
    anchor = reverse("subsidies:apply_edit", args=[app.pk]) + "#roster"
    if action == "remove":
        try:
            svc.roster_remove(application=app, index=int(request.POST.get("index", "-1")))
        except (ValueError, svc.ApplyError) as err:
            messages.error(request, str(err) if isinstance(err, svc.ApplyError) else "名单中没有这一行")
        else:
            messages.success(request, "已从名单中删除一行")
        return redirect(anchor)
    if action == "upload":
        upload_form = RosterUploadForm(request.POST, request.FILES, prefix="roster")
        if not upload_form.is_valid():
            return _edit_page(request, app, roster_upload_form=upload_form)
        try:
            raw = svc.read_roster_file(upload_form.cleaned_data["file"], kind)
            rows = clean_roster(kind, raw, period)
            count = svc.roster_replace(application=app, rows=rows)
        except svc.RosterError as err:
            return _edit_page(request, app, roster_errors=[str(e) for e in err.errors])
        except svc.ApplyError as err:
            upload_form.add_error("file", str(err))
            return _edit_page(request, app, roster_upload_form=upload_form)
        messages.success(request, f"名单已上传，共 {count} 行")
        return redirect(anchor)
    row_form = ROW_FORMS[kind](request.POST, prefix="row", period=period)
    if not row_form.is_valid():
        return _edit_page(request, app, row_form=row_form)
    try:
        count = svc.roster_add(application=app, row=row_form.row())
    except svc.RosterError as err:
        return _edit_page(request, app, row_form=row_form, roster_errors=[str(e) for e in err.errors])
    except svc.ApplyError as err:
        return _edit_page(request, app, row_form=row_form, roster_errors=[str(err)])
    messages.success(request, f"已加入名单（共 {count} 人）")
    return redirect(anchor)


@login_required
@require_safe
def apply_roster_template(request: HttpRequest, policy: str) -> HttpResponse:
    user = _applicant(request)
    subsidy = _subsidy(user, policy)
    kind = svc.roster_kind(subsidy.policy)
    if kind is None:
        raise Http404
    name = f"{subsidy.policy}{svc.ROSTER_TITLE[kind]}模板.xlsx"
    response = HttpResponse(
        svc.roster_template(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---- materials ----------------------------------------------------------------------------------


@login_required
@require_POST
def apply_material_upload(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    user, app = _editable_application(request, pk)
    requirement = get_object_or_404(app.subsidy_type.requirements, pk=requirement_pk)
    if not permissions.can_edit_application(user, app):
        messages.error(request, f"申请当前状态为“{app.get_status_display()}”，不能修改材料")
        return redirect("subsidies:apply_detail", pk=app.pk)
    form = PdfUploadForm(request.POST, request.FILES, prefix=f"m{requirement.pk}")
    if form.is_valid():
        try:
            attached = material_attach(
                application=app, requirement=requirement, upload=form.cleaned_data["file"], user=user
            )
        except MaterialError as err:
            form.add_error("file", str(err))
        else:
            if attached.created:
                messages.success(request, f"已上传：{attached.material.display_name}（{attached.material.pages} 页）")
            else:
                messages.info(request, f"该文件已上传过（{attached.material.display_name}），未重复保存")
            return redirect(reverse("subsidies:apply_edit", args=[app.pk]) + f"#req-{requirement.pk}")
    return _edit_page(request, app, upload_forms={requirement.pk: form})


@login_required
@require_POST
def apply_material_delete(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    user, app = _editable_application(request, pk)
    material = get_object_or_404(Material, pk=material_pk, application=app)
    if not permissions.can_edit_application(user, app):
        messages.error(request, f"申请当前状态为“{app.get_status_display()}”，不能删除材料")
        return redirect("subsidies:apply_detail", pk=app.pk)
    name = material.display_name
    material_remove(material=material)
    messages.success(request, f"已删除：{name}")
    return redirect(reverse("subsidies:apply_edit", args=[app.pk]) + f"#req-{material.requirement_id}")


@login_required
@require_safe
def apply_material_file(request: HttpRequest, pk: int, material_pk: int) -> FileResponse:
    user, app = _editable_application(request, pk)
    material = get_object_or_404(Material, pk=material_pk, application=app)
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.display_name, content_type="application/pdf"
    )


# ---- detail, withdrawal, 容缺 -------------------------------------------------------------------


def _decision(app: Application) -> dict[str, Any]:
    decision = app.decision or {}
    return {
        "unmet": [c for c in decision.get("conditions", []) if c.get("status") == "unmet"],
        "clauses": decision.get("rejected_clauses") or decision.get("unmet") or [],
        "steps": decision.get("amount_steps", []),
        "decided_on": decision.get("decided_on", ""),
    }


def _detail_context(request: HttpRequest, user: User, app: Application, **bound: Any) -> dict[str, Any]:
    changes = list(app.changes.select_related("actor__department").order_by("at", "id"))
    for change in changes:
        change.who = svc.actor_label(change)
    deficiencies = list(app.deficiencies.select_related("requirement"))
    supply_forms: dict[int, DeficiencySupplyForm] = bound.get("supply_forms", {})
    can_supply = permissions.can_supply_deficiency(user, app)
    rows = []
    for d in deficiencies:
        form = None
        if d.resolved_at is None and can_supply:
            form = supply_forms.get(d.pk) or DeficiencySupplyForm(
                prefix=f"d{d.pk}",
                requirements=app.subsidy_type.requirements.all(),
                ask_requirement=d.requirement is None,
            )
        rows.append({"deficiency": d, "form": form, "overdue": d.resolved_at is None and clock.today() > d.due_date})
    payment = getattr(app, "payment", None) if app.status == S.PAID else None
    notices = notices_about(app, user=user)
    can_withdraw = app.status in (S.DRAFT, S.SUBMITTED, S.RETURNED)
    return {
        "app": app,
        "period": svc.period_of(app),
        "timeline": changes,
        "deficiencies": rows,
        "materials": list(app.materials.select_related("requirement")),
        "decided": app.status in (S.APPROVED, S.REJECTED, S.PAID),
        "decision": _decision(app),
        "payment": payment,
        "notices": notices,
        "can_edit": permissions.can_edit_application(user, app),
        "can_withdraw": can_withdraw,
        "withdraw_form": bound.get("withdraw_form") or WithdrawForm(prefix="w"),
        "dues": svc.due_dates(app),
        "precheck": app.precheck or {},
    }


@login_required
@require_safe
def apply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _editable_application(request, pk)
    return render(request, "subsidies/apply/detail.html", _detail_context(request, user, app))


@login_required
@require_POST
def apply_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, app = _editable_application(request, pk)
    form = WithdrawForm(request.POST, prefix="w")
    if not form.is_valid():
        return render(request, "subsidies/apply/detail.html", _detail_context(request, user, app, withdraw_form=form))
    try:
        svc.application_withdraw(application=app, user=user, reason=form.cleaned_data["reason"])
    except svc.ApplyError as err:
        form.add_error(None, str(err))
        return render(request, "subsidies/apply/detail.html", _detail_context(request, user, app, withdraw_form=form))
    messages.success(request, f"申请 {app.reference} 已撤回")
    return redirect("subsidies:apply_list")


@login_required
@require_POST
def apply_supply(request: HttpRequest, pk: int, deficiency_pk: int) -> HttpResponse:
    """容缺: upload the missing item; the last one sends the application back to review."""
    user, app = _editable_application(request, pk)
    deficiency = get_object_or_404(Deficiency.objects.select_related("requirement"), pk=deficiency_pk, application=app)
    if not permissions.can_supply_deficiency(user, app):
        messages.error(request, f"申请当前状态为“{app.get_status_display()}”，不需要补正")
        return redirect("subsidies:apply_detail", pk=app.pk)
    form = DeficiencySupplyForm(
        request.POST,
        request.FILES,
        prefix=f"d{deficiency.pk}",
        requirements=app.subsidy_type.requirements.all(),
        ask_requirement=deficiency.requirement is None,
    )
    if form.is_valid():
        try:
            svc.deficiency_supply(
                deficiency=deficiency,
                upload=form.cleaned_data["file"],
                user=user,
                requirement=form.cleaned_data.get("requirement"),
            )
        except svc.ApplyError as err:
            form.add_error("file", str(err))
        else:
            app.refresh_from_db()
            if app.status == S.DISTRICT_REVIEW:
                messages.success(request, "容缺事项已全部补正，申请进入区级审核")
            else:
                messages.success(request, f"已补正：{deficiency.description}")
            return redirect(reverse("subsidies:apply_detail", args=[app.pk]) + "#deficiencies")
    ctx = _detail_context(request, user, app, supply_forms={deficiency.pk: form})
    return render(request, "subsidies/apply/detail.html", ctx)


# ---- notification inbox -------------------------------------------------------------------------


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    """Every signed-in user's messages, newest first; unread ones highlighted."""
    user = _user(request)
    notices = list(
        Notification.objects.filter(user=user).prefetch_related("case").order_by("-created_at", "-id")[:200]
    )
    rows = []
    for n in notices:
        link, link_text = "", ""
        app = n.case if isinstance(n.case, Application) else None
        if app is not None and permissions.can_view_application(user, app):
            if permissions.is_applicant(user):
                link = reverse("subsidies:apply_detail", args=[app.pk])
            else:
                link = _review_link(app.pk)
        elif isinstance(n.case, Need) and can_view_need(user, n.case):
            link, link_text = reverse("keyservice:need", args=[n.case.pk]), "查看用工需求"
        elif isinstance(n.case, ContactEntry) and can_view_contact(user, n.case):
            link, link_text = reverse("keyservice:enterprise", args=[n.case.organisation_id]), "查看企业"
        elif isinstance(n.case, Push) and can_answer(user, n.case):
            link, link_text = reverse("screening:offer", args=[n.case.pk]), "查看免申即享"
        rows.append({"notice": n, "link": link, "link_text": link_text, "application": app})
    return render(
        request,
        "subsidies/apply/notifications.html",
        {"rows": rows, "unread": sum(1 for n in notices if n.read_at is None)},
    )


def _review_link(application_id: int | None) -> str:
    """The reviewer's page for staff (built by the review side; empty while it does not exist)."""
    try:
        return reverse("subsidies:review_detail", args=[application_id])
    except NoReverseMatch:
        return ""


@login_required
@require_POST
def apply_notification_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    if pk is not None:
        get_object_or_404(Notification, pk=pk, user=user)
    count = svc.notification_mark_read(user=user, pk=pk)
    if pk is None:
        messages.success(request, f"已将 {count} 条消息标为已读")
    return redirect("subsidies:notifications")
