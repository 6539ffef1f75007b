"""就业援助 pages under /assistance/. A person applies for certification and claims the monthly
subsidy; the street office of the person's street certifies, approves claims, publishes
public-welfare posts, places people and records attendance. Wrong role → 403; a record of another
person or street → 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.listing import page_of
from wengang.cases.views import act_and_back, acting_user, case_for, form_page, form_post
from wengang.cases.workflow import Workflow, blocked_moves, check, history, next_moves
from wengang.spreadsheets import download

from . import exports, permissions, services
from .forms import AttendanceForm, CertificationForm, ClaimForm, EvidenceForm, PlaceForm, PostForm, ReasonForm
from .models import (
    Certification,
    CertificationStatus,
    ClaimStatus,
    Evidence,
    FlexibleClaim,
    PlacementStatus,
    WelfarePlacement,
    WelfarePost,
)
from .services import AssistanceError, MaterialError, TransitionError
from .workflow import CERTIFICATIONS, CLAIMS, PLACEMENTS

C, F, P = CertificationStatus, ClaimStatus, PlacementStatus
NOT_HERE = "就业援助由个人本人和所在街乡办理"


def _user(request: HttpRequest) -> User:
    return acting_user(request, permissions.can_use, NOT_HERE)


def _scoped(user: User, rows: QuerySet[Any]) -> QuerySet[Any]:
    """A street office's rows of its street; administrators all (persons are handled apart)."""
    if permissions.is_street(user):
        return rows.filter(street_id=user.street_id)
    return rows


def _case(user: User, model: type[Any], pk: int) -> Any:
    return case_for(user, permissions.can_view, model.objects.select_related(*_related(model)), pk=pk)


def _related(model: type[Any]) -> tuple[str, ...]:
    if model is WelfarePlacement:
        return ("person", "post", "certification__category")
    if model is FlexibleClaim:
        return ("person", "street", "certification__category")
    return ("person", "street", "category")


# ---- the landing page -------------------------------------------------------------------------


def _person_page(request: HttpRequest, user: User, **extra: Any) -> HttpResponse:
    """The page; 400 when ``extra`` carries the form a post refused, so it shows with its errors."""
    status = 400 if extra else 200
    live = services.live_certification(user)
    claims = FlexibleClaim.objects.filter(person=user).order_by("month", "pk")
    approved = claims.filter(status=F.APPROVED).aggregate(total=Sum("amount"), n=Count("pk"))
    context = {
        "certification": live,
        "past": Certification.objects.filter(person=user).exclude(pk=live.pk if live else 0)[:10],
        "claims": claims,
        "approved_total": approved["total"],
        "approved_months": approved["n"],
        "counted_months": claims.filter(status__in=services.COUNTED_CLAIMS).count(),
        "claim_form": extra.pop("claim_form", None)
        or (
            ClaimForm(initial={"month": clock.today().strftime("%Y-%m")})
            if live and live.status == C.CERTIFIED
            else None
        ),
        "placements": WelfarePlacement.objects.filter(person=user).select_related("post"),
        **extra,
    }
    return render(request, "assistance/person.html", context, status=status)


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if permissions.is_individual(user):
        return _person_page(request, user)
    certifications = _scoped(user, Certification.objects.select_related("person", "category", "street"))
    claims = _scoped(user, FlexibleClaim.objects.select_related("person", "street"))
    context = {
        "pending": certifications.filter(status=C.SUBMITTED).order_by("submitted_on", "pk"),
        "certified": page_of(request, certifications.filter(status=C.CERTIFIED).order_by("-decided_on", "-pk")),
        "claims_pending": claims.filter(status=F.SUBMITTED).order_by("month", "pk"),
        "posts": _posts_with_occupancy(_scoped(user, WelfarePost.objects.select_related("street"))),
        "may_post": permissions.can_manage_posts(user),
    }
    return render(request, "assistance/office.html", context)


@login_required
@require_safe
def export(request: HttpRequest, which: str) -> HttpResponse:
    """导出 Excel of one of the office's lists, its street only, narrowed by ``?status=`` as the list shows it."""
    user = acting_user(request, permissions.can_export, "仅街乡工作人员可以导出就业援助名单")
    writer = exports.WRITERS.get(which)
    if writer is None:
        raise Http404("没有这份名单")
    return download(writer(user, request.GET.get("status")), exports.LISTS[which][0])


def _posts_with_occupancy(posts: QuerySet[WelfarePost]) -> list[dict[str, Any]]:
    rows = posts.annotate(filled=Count("placements", filter=Q(placements__status=P.ACTIVE)))
    return [{"post": post, "filled": post.filled, "open": max(post.headcount - post.filled, 0)} for post in rows]


# ---- certification ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_apply, "仅个人可以申请就业困难人员认定")
    live = services.live_certification(user)
    if live is not None:
        messages.info(request, "您已有一份就业困难人员认定，请在此查看")
        return redirect("assistance:certification", pk=live.pk)
    form = CertificationForm(
        request.POST or None, initial={"street": user.street_id, "beijing_hukou": True, "not_employed": True}
    )
    return form_post(
        request,
        form,
        lambda data: services.certification_create(person=user, **data),
        errors={AssistanceError: None},
        done=lambda _: "已保存申请，请上传证明材料后提交",
        then=lambda cert: redirect("assistance:certification", pk=cert.pk),
        failed=lambda form: form_page(request, "assistance/apply.html", form),
    )


def _moves(workflow: Workflow, case: Any, user: User) -> dict[str, Any]:
    return {"moves": next_moves(workflow, case, user), "blocked": blocked_moves(workflow, case, user)}


def _certification_page(request: HttpRequest, cert: Certification, **extra: Any) -> HttpResponse:
    """The page; 400 when ``extra`` carries the form a post refused, so it shows with its errors."""
    status = 400 if extra else 200
    user = acting_user(request)
    is_person = cert.person_id == user.pk
    context = {
        "certification": cert,
        "judgement": services.judge_certification(cert),
        "evidence": list(cert.evidence.all()),
        "evidence_form": extra.pop("evidence_form", None)
        or (EvidenceForm() if is_person and cert.status == C.DRAFT else None),
        "form": extra.pop("form", None) or ReasonForm(),
        "events": history(cert),
        **_moves(CERTIFICATIONS, cert, user),
        **extra,
    }
    return render(request, "assistance/certification.html", context, status=status)


@login_required
@require_safe
def certification(request: HttpRequest, pk: int) -> HttpResponse:
    return _certification_page(request, _case(_user(request), Certification, pk))


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cert = _case(user, Certification, pk)
    if cert.person_id != user.pk:
        raise PermissionDenied("只有申请人本人可以上传证明材料")
    return form_post(
        request,
        EvidenceForm(request.POST, request.FILES),
        lambda data: services.evidence_attach(certification=cert, upload=data["file"], user=user),
        errors={MaterialError: "file", AssistanceError: "file"},
        done=lambda evidence: f"已上传：{evidence.display_name}",
        then=lambda _: redirect(reverse("assistance:certification", args=[cert.pk]) + "#evidence"),
        failed=lambda form: _certification_page(request, cert, evidence_form=form),
    )


@login_required
@require_safe
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    cert = _case(_user(request), Certification, pk)
    evidence = get_object_or_404(Evidence, certification=cert, pk=evidence_pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.display_name)


#: decisions that cannot be undone are confirmed on a page of their own first
CONFIRM: dict[tuple[Workflow, str], tuple[str, str]] = {
    (CERTIFICATIONS, C.CERTIFIED): (
        "认定为就业困难人员",
        "认定后本人可申领灵活就业社会保险补贴，并可安置到公益性岗位。",
    ),
    (CERTIFICATIONS, C.REFUSED): ("不予认定", "不予认定后申请结束，本人可重新申请。"),
    (CERTIFICATIONS, C.WITHDRAWN): ("撤回申请", "撤回后申请结束，可重新申请。"),
    (CLAIMS, F.APPROVED): ("核准补贴", "核准后按核准金额发放该月补贴。"),
    (CLAIMS, F.REFUSED): ("不予核准", "不予核准的月份不计入补贴期限。"),
    (PLACEMENTS, P.ENDED): ("结束安置", "结束后岗位空出一个名额，本人可重新安置。"),
}


def _move(
    request: HttpRequest, workflow: Workflow, case: Any, to: str, detail: str, do: Any, summary: str
) -> HttpResponse:
    """One move of any of the three case types: reason checked, refused at once when it would fail,
    irreversible ones confirmed first, then the service."""
    user = acting_user(request)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("comment", "") if form.is_valid() else ""
    back = reverse(detail, args=[case.pk])
    problem = check(workflow, case, to=to, actor=user, reason=reason)
    if problem is not None:
        if case.status == to:
            messages.info(request, f"已办理：{workflow.label_of(to)}")
        else:
            messages.error(request, problem)
        return redirect(back)
    title = CONFIRM.get((workflow, to))
    if title and not confirmed(request):
        details = [("理由", reason)] if reason else []
        return confirm_page(
            request,
            title=title[0],
            summary=f"{summary}。{title[1]}",
            button=f"确认{title[0]}",
            back=back,
            details=details,
            danger=to in (C.REFUSED, F.REFUSED, P.ENDED, C.WITHDRAWN),
        )
    return act_and_back(
        request,
        lambda: do(reason),
        errors=TransitionError,
        done=lambda _: f"已办理：{workflow.label_of(to)}",
        back=back,
    )


@login_required
@require_POST
def certification_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = _user(request)
    cert = _case(user, Certification, pk)
    if to not in C.values:
        raise Http404

    def do(reason: str) -> None:
        if to == C.SUBMITTED:
            services.certification_submit(certification=cert, user=user)
        elif to == C.WITHDRAWN:
            services.certification_withdraw(certification=cert, user=user)
        else:
            services.certification_decide(certification=cert, to=to, user=user, reason=reason)

    summary = f"{cert.person.display_name}（{cert.person.masked_id_number}）申请认定为就业困难人员（{cert.category}）"
    return _move(request, CERTIFICATIONS, cert, to, "assistance:certification", do, summary)


# ---- monthly subsidy claims -------------------------------------------------------------------


@login_required
@require_POST
def claim_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_apply, "仅个人可以申领灵活就业社会保险补贴")
    return form_post(
        request,
        ClaimForm(request.POST),
        lambda data: services.claim_create(
            person=user,
            month=data["month"],
            paid=data["contributions_paid"],
            flexible_employed=data["flexible_employed"],
        ),
        errors={AssistanceError: None},
        done=lambda claim: f"已申领{claim.month:%Y年%m月}补贴 {claim.amount:,.2f} 元，等待街乡审核",
        then=lambda claim: redirect("assistance:claim", pk=claim.pk),
        failed=lambda form: _person_page(request, user, claim_form=form),
    )


@login_required
@require_safe
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = _case(user, FlexibleClaim, pk)
    context = {"claim": row, "form": ReasonForm(), "events": history(row), **_moves(CLAIMS, row, user)}
    return render(request, "assistance/claim.html", context)


@login_required
@require_POST
def claim_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = _user(request)
    row = _case(user, FlexibleClaim, pk)
    if to not in F.values:
        raise Http404
    summary = f"{row.person.display_name}申领{row.month:%Y年%m月}灵活就业社会保险补贴 {row.amount:,.2f} 元"
    return _move(
        request,
        CLAIMS,
        row,
        to,
        "assistance:claim",
        lambda reason: services.claim_decide(claim=row, to=to, user=user, reason=reason),
        summary,
    )


# ---- public-welfare posts and placements -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_manage_posts, "公益性岗位由街乡发布")
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = services.post_create(user=user, values=dict(form.cleaned_data))
        messages.success(request, f"已发布公益性岗位：{post.title}")
        return redirect("assistance:post", pk=post.pk)
    return form_page(request, "assistance/post_new.html", form)


def _post_page(request: HttpRequest, post: WelfarePost, **extra: Any) -> HttpResponse:
    """The page; 400 when ``extra`` carries the form a post refused, so it shows with its errors."""
    status = 400 if extra else 200
    user = acting_user(request)
    filled, open_places = services.occupancy(post)
    manage = permissions.can_manage_post(user, post)
    today = clock.today()
    # a one-year term by default: to the day before the same date next year
    initial = {"start": today, "end": (today + dt.timedelta(days=365)) - dt.timedelta(days=1)}
    context = {
        "post": post,
        "filled": filled,
        "open": open_places,
        "placements": post.placements.select_related("person", "certification__category").order_by("status", "-start"),
        "candidates": services.candidates(post) if manage and open_places and post.published else [],
        "place_initial": initial,
        "place_form": extra.pop("place_form", None),
        "place_for": extra.pop("place_for", None),
        "manage": manage,
        **extra,
    }
    return render(request, "assistance/post.html", context, status=status)


def _post(user: User, pk: int) -> WelfarePost:
    return case_for(user, permissions.can_view_post, WelfarePost.objects.select_related("street"), pk=pk)


@login_required
@require_safe
def post(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_page(request, _post(_user(request), pk))


@login_required
@require_POST
def place(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, permissions.can_manage_posts, "公益性岗位由街乡安置")
    target = _post(user, pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _post_page(request, target, place_form=form, place_for=request.POST.get("certification"))
    assert user.street_id is not None
    cert = Certification.objects.filter(pk=form.cleaned_data["certification"], street_id=user.street_id).first()
    if cert is None:
        raise Http404
    try:
        placement = services.placement_create(
            post=target, certification=cert, start=form.cleaned_data["start"], end=form.cleaned_data["end"], user=user
        )
    except AssistanceError as err:
        form.add_error(None, str(err))
        return _post_page(request, target, place_form=form, place_for=cert.pk)
    messages.success(request, f"已安置 {placement.person.display_name} 到“{target.title}”")
    return redirect("assistance:placement", pk=placement.pk)


@login_required
@require_POST
def post_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, permissions.can_manage_posts, "公益性岗位由街乡发布")
    target = _post(user, pk)
    published = request.POST.get("published") == "1"
    services.post_publish(post=target, published=published)
    messages.success(request, "岗位已重新发布" if published else "岗位已停止发布，在岗人员不受影响")
    return redirect("assistance:post", pk=target.pk)


def _placement_page(request: HttpRequest, placement: WelfarePlacement, **extra: Any) -> HttpResponse:
    """The page; 400 when ``extra`` carries the form a post refused, so it shows with its errors."""
    status = 400 if extra else 200
    user = acting_user(request)
    manage = permissions.can_manage_post(user, placement.post) and placement.status == P.ACTIVE
    rows = list(placement.attendance.all())
    context = {
        "placement": placement,
        "attendance": rows,
        "worked": sum(r.days_worked for r in rows),
        "due": sum(r.days_due for r in rows),
        "attendance_form": extra.pop("attendance_form", None)
        or (AttendanceForm(initial={"month": clock.today().strftime("%Y-%m")}) if manage else None),
        "form": ReasonForm(),
        "events": history(placement),
        **_moves(PLACEMENTS, placement, user),
        **extra,
    }
    return render(request, "assistance/placement.html", context, status=status)


@login_required
@require_safe
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    return _placement_page(request, _case(_user(request), WelfarePlacement, pk))


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, permissions.can_manage_posts, "考勤由街乡记录")
    row = _case(user, WelfarePlacement, pk)
    form = AttendanceForm(request.POST)
    return form_post(
        request,
        form,
        lambda data: services.attendance_record(placement=row, user=user, **data),
        errors={AssistanceError: None},
        done=lambda _: f"已记录{form.cleaned_data['month']:%Y年%m月}考勤",
        then=lambda _: redirect(reverse("assistance:placement", args=[row.pk]) + "#attendance"),
        failed=lambda form: _placement_page(request, row, attendance_form=form),
    )


@login_required
@require_POST
def placement_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = _user(request)
    row = _case(user, WelfarePlacement, pk)
    if to not in P.values:
        raise Http404
    summary = f"{row.person.display_name}在公益性岗位“{row.post.title}”的安置"
    return _move(
        request,
        PLACEMENTS,
        row,
        to,
        "assistance:placement",
        lambda reason: services.placement_end(placement=row, user=user, reason=reason),
        summary,
    )
