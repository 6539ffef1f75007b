"""Pages under /placements/. Thin: check permissions, validate, call one service, redirect or render.

Another organisation's placement, candidacy or base is a 404; a wrong role is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock
from wengang.accounts import permissions as base
from wengang.accounts.models import User
from wengang.cases.forms import CommentForm
from wengang.cases.listing import page_of
from wengang.cases.views import act_and_back, acting_user, case_for, form_page, form_post, make_move
from wengang.cases.workflow import Workflow, next_moves
from wengang.jobs.models import JobPost

from . import exports, permissions
from . import services as svc
from .forms import BaseForm, PlacementForm, RecommendForm
from .models import BaseStatus, Candidacy, CandidacyStatus, InternshipBase, Placement, PlacementStatus
from .workflow import BASES, CANDIDACIES, PLACEMENTS, candidacy_parties, placement_parties

# ---- the shared move: confirm a decision first, say when it is already done ----------------------


@dataclass(frozen=True)
class _Kind:
    """How one kind of case is moved from its page: its workflow; who the case is about and the
    page to return to; what a move will do (None: a move that needs no confirmation); the service
    making the move; the answer when it fails."""

    workflow: Workflow
    who: Callable[[Any], str]
    back: Callable[[Any], str]
    summary: Callable[[Any, str], str | None]
    act: Callable[[Any, str, User, str], object]
    failed: Callable[[HttpRequest, User, Any, CommentForm], HttpResponse]


def _move(request: HttpRequest, user: User, kind: _Kind, case: Any, to: str) -> HttpResponse:
    """One move of a placement, candidacy or base (``make_move``), named by who it is about."""
    who = kind.who(case)
    return make_move(
        request, user, kind.workflow, case, to,
        back=kind.back(case),
        who=who,
        summary=kind.summary(case, to) if (case.status, to) in kind.workflow.moves else None,
        act=lambda comment: kind.act(case, to, user, comment),
        errors=svc.PlacementError,
        failed=lambda form: kind.failed(request, user, case, form),
        danger=to in DANGER,
        final=to not in NOT_FINAL,
        already=who,
    )


#: moves that refuse or end someone's case: their confirm button is red
DANGER = {PlacementStatus.DISPUTED, PlacementStatus.WITHDRAWN, BaseStatus.REJECTED, CandidacyStatus.NOT_HIRED}
#: moves a later move can still answer (the firm may confirm a placement it disputed): not "不可撤销"
NOT_FINAL = {PlacementStatus.DISPUTED}


# ---- placements ---------------------------------------------------------------------------------


@login_required
@require_safe
def placement_list(request: HttpRequest) -> HttpResponse:
    """Agency: its placements with the engine's count and the next tier. Enterprise: placements
    naming it, to confirm. 公共服务中心: all."""
    user = acting_user(request)
    form, rows = exports.PLACEMENTS.filtered(request)
    context: dict[str, object] = {
        "agency": permissions.is_agency(user),
        "enterprise": permissions.is_enterprise(user),
        "filter": form,
    }
    if permissions.is_agency(user):
        assert user.organisation_id is not None
        try:
            context["tally"] = svc.agency_tally(user.organisation_id)
        except svc.PlacementError as err:
            context["tally_error"] = str(err)
        context["window_open"], context["window_text"] = svc.op4_window_text()
    else:
        context["page"] = page_of(request, rows)
    return render(request, "placements/list.html", context)


@login_required
@require_safe
def placement_export(request: HttpRequest) -> HttpResponse:
    """The placements of the list, as filtered there, as an Excel workbook (ID numbers masked)."""
    return exports.PLACEMENTS.export(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def placement_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_declare_placement, "只有人力资源服务机构可以申报推荐上岗")
    form = PlacementForm(request.POST or None, request.FILES or None, posts=svc.placement_posts(), today=clock.today())
    return form_post(
        request,
        form,
        lambda data: svc.placement_declare(
            user=user,
            post=data["post"],
            worker_name=data["worker_name"],
            worker_id_number=data["worker_id_number"],
            start_date=data["start_date"],
            proof=data["proof"],
        ),
        errors={svc.PlacementError: None},
        done=lambda placement: f"已申报 {placement.worker_name}，等待{placement.enterprise.name}确认",
        then=lambda _: redirect("placements:list"),
        failed=lambda form: form_page(request, "placements/new.html", form),
    )


def _placement(user: User, pk: int) -> Placement:
    return case_for(
        user, permissions.can_view_placement, Placement.objects.select_related("agency", "enterprise", "post"), pk=pk
    )


@login_required
@require_safe
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    placement = _placement(user, pk)
    moves = next_moves(PLACEMENTS, placement, user)
    context = {"placement": placement, "moves": moves, "form": CommentForm(), "changes": placement.changes.all()}
    return render(request, "placements/detail.html", context)


@login_required
@require_safe
def placement_proof(request: HttpRequest, pk: int) -> FileResponse:
    placement = _placement(acting_user(request), pk)
    return FileResponse(
        placement.proof.open("rb"), as_attachment=True, filename=placement.proof_name, content_type="application/pdf"
    )


def _placement_summary(placement: Placement, to: str) -> str:
    """What the move will do, with its OP4 consequence (OP4.1(2): both sides confirm)."""
    worker = f"{placement.worker_name}（{placement.masked_id_number}）"
    where = f"{placement.enterprise.name}“{placement.post.title}”岗位"
    if to == PlacementStatus.CONFIRMED:
        return (
            f"将确认{placement.agency.name}推荐的{worker}已于 {placement.start_date:%Y-%m-%d} 在{where}上岗。"
            "确认后计入该机构就业补贴（OP4）的推荐上岗人数（OP4.1(2) 须机构和重点企业双方确认），"
            "机构将收到通知。"
        )
    if to == PlacementStatus.DISPUTED:
        return (
            f"将对{placement.agency.name}申报的{worker}在{where}上岗提出异议。有异议期间不计入该机构"
            "就业补贴（OP4）的推荐上岗人数（OP4.1(2)），机构将收到异议理由。"
        )
    return f"将撤回{worker}在{where}的上岗申报。撤回后不计入就业补贴（OP4）的推荐上岗人数，且不能恢复。"


def _placement_failed(request: HttpRequest, user: User, placement: Placement, form: CommentForm) -> HttpResponse:
    moves = next_moves(PLACEMENTS, placement, user)
    context = {"placement": placement, "moves": moves, "form": form, "changes": placement.changes.all()}
    return render(request, "placements/detail.html", context, status=422)


PLACEMENT = _Kind(
    PLACEMENTS,
    who=lambda placement: placement.worker_name,
    back=lambda placement: reverse("placements:detail", args=[placement.pk]),
    summary=_placement_summary,
    act=lambda placement, to, user, comment: svc.placement_move(
        placement=placement, to=to, actor=user, comment=comment
    ),
    failed=_placement_failed,
)


@login_required
@require_POST
def placement_act(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    placement = _placement(user, pk)
    if not placement_parties(user, placement):
        raise PermissionDenied("您不能办理该推荐上岗")
    return _move(request, user, PLACEMENT, placement, to)


@login_required
@require_POST
def op4_claim(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.is_agency, "只有人力资源服务机构可以申请 OP4")
    try:
        application, written, left_out = svc.op4_claim_create(user=user)
    except svc.PlacementError as err:
        messages.error(request, str(err))
        return redirect("placements:list")
    text = f"已生成 OP4 申请草稿，名单 {written} 人"
    if left_out:
        text += f"（{left_out} 人上岗日期不在补贴期间内，未列入）"
    messages.success(request, text + "。请核对名单、上传材料后提交。")
    return redirect("subsidies:apply_detail", pk=application.pk)


# ---- candidates ---------------------------------------------------------------------------------


def _post(pk: int) -> JobPost:
    return get_object_or_404(JobPost.objects.select_related("organisation", "street"), pk=pk)


def _post_context(user: User, post: JobPost, form: RecommendForm | None = None) -> dict[str, object]:
    rows = post.candidacies.select_related("agency")
    if not permissions.can_see_all_candidates(user, post):
        mine = rows.filter(seeker_id=user.pk) | rows.filter(recommended_by_id=user.pk)
        if permissions.is_agency(user):
            mine = mine | rows.filter(agency_id=user.organisation_id)
        rows = mine
    lines = [(c, next_moves(CANDIDACIES, c, user)) for c in rows]
    return {
        "post": post,
        "lines": lines,
        "can_apply": permissions.can_apply_to_post(user, post) and not any(c.seeker_id == user.pk for c, _ in lines),
        "can_recommend": permissions.can_recommend(user, post),
        "form": form or RecommendForm(),
    }


@login_required
@require_safe
def post_candidates(request: HttpRequest, post_pk: int) -> HttpResponse:
    user = acting_user(request)
    post = _post(post_pk)
    if not permissions.can_open_post_candidates(user, post):
        raise Http404
    return render(request, "placements/post.html", _post_context(user, post))


@login_required
@require_POST
def post_apply(request: HttpRequest, post_pk: int) -> HttpResponse:
    user = acting_user(request)
    post = _post(post_pk)
    if not permissions.is_job_seeker(user):
        raise PermissionDenied("请使用已登记身份证号码的个人账号投递")
    return act_and_back(
        request,
        lambda: svc.candidacy_apply(user=user, post=post),
        errors=svc.PlacementError,
        done=lambda _: f"已投递“{post.title}”",
        back=reverse("placements:post", kwargs={"post_pk": post.pk}),
    )


@login_required
@require_POST
def post_recommend(request: HttpRequest, post_pk: int) -> HttpResponse:
    user = acting_user(request)
    post = _post(post_pk)
    if not (permissions.is_placement_staff(user) or permissions.is_agency(user)):
        raise PermissionDenied("只有街乡、人力资源公共服务中心和人力资源服务机构可以推荐求职者")
    if not permissions.can_open_post_candidates(user, post):
        raise Http404
    return form_post(
        request,
        RecommendForm(request.POST),
        lambda data: svc.candidacy_recommend(user=user, post=post, **data),
        errors={svc.PlacementError: None},
        done=lambda candidacy: f"已推荐 {candidacy.name}（{candidacy.masked_id_number}）",
        then=lambda _: redirect("placements:post", post_pk=post.pk),
        failed=lambda form: render(request, "placements/post.html", _post_context(user, post, form), status=422),
    )


@login_required
@require_safe
def candidacy_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(svc.candidacies_for(user), 50).get_page(request.GET.get("page"))
    return render(request, "placements/candidates.html", {"page": page})


def _candidacy_summary(candidacy: Candidacy, to: str) -> str | None:
    """What a move that ends a candidacy will do; None for 约面试, which ends nothing."""
    person = f"{candidacy.name}（{candidacy.masked_id_number}）"
    post = f"“{candidacy.post.title}”岗位"
    told = "求职者及推荐方将收到通知，此后不能再变更。"
    if to == CandidacyStatus.HIRED:
        return f"将录用{person}到{post}，{told}"
    if to == CandidacyStatus.NOT_HIRED:
        return f"将不予录用{person}（{post}），{told}"
    if to == CandidacyStatus.WITHDRAWN:
        return f"将撤回{person}对{post}的投递或推荐，撤回后不能恢复。"
    return None


def _candidacy_failed(request: HttpRequest, user: User, candidacy: Candidacy, form: CommentForm) -> HttpResponse:
    messages.error(request, "；".join(map(str, form.errors.get("comment", ()))))
    return redirect("placements:post", post_pk=candidacy.post_id)


CANDIDACY = _Kind(
    CANDIDACIES,
    who=lambda candidacy: candidacy.name,
    back=lambda candidacy: reverse("placements:post", args=[candidacy.post_id]),
    summary=_candidacy_summary,
    act=lambda candidacy, to, user, comment: svc.candidacy_move(
        candidacy=candidacy, to=to, actor=user, comment=comment
    ),
    failed=_candidacy_failed,
)


@login_required
@require_POST
def candidacy_act(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    candidacy = get_object_or_404(Candidacy.objects.select_related("post"), pk=pk)
    if not permissions.can_view_candidacy(user, candidacy):
        raise Http404
    if not candidacy_parties(user, candidacy):
        raise PermissionDenied("只有岗位所属单位可以安排面试和录用")
    return _move(request, user, CANDIDACY, candidacy, to)


# ---- internship bases ---------------------------------------------------------------------------


@login_required
@require_safe
def base_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if permissions.is_enterprise(user):
        assert user.organisation_id is not None
        rows = InternshipBase.objects.filter(organisation_id=user.organisation_id)
    elif permissions.is_public_service_reviewer(user) or base.is_admin(user):
        rows = InternshipBase.objects.select_related("organisation")
        status = request.GET.get("status", "")
        if status in BaseStatus.values:
            rows = rows.filter(status=status)
    else:
        raise PermissionDenied("仅用人单位和人力资源公共服务中心可以查看")
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "can_apply": permissions.can_apply_for_base(user),
        "statuses": BaseStatus.choices,
    }
    return render(request, "placements/bases.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def base_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_apply_for_base, "只有用人单位账号可以申请就业见习基地")
    return form_post(
        request,
        BaseForm(request.POST or None),
        lambda data: svc.base_apply(user=user, **data),
        errors={svc.PlacementError: None},
        done=lambda _: "已提交就业见习基地申请，等待人力资源公共服务中心审核",
        then=lambda record: redirect("placements:base", pk=record.pk),
        failed=lambda form: form_page(request, "placements/base_new.html", form),
    )


def _base(user: User, pk: int) -> InternshipBase:
    return case_for(user, permissions.can_view_base, InternshipBase.objects.select_related("organisation"), pk=pk)


def _base_context(user: User, record: InternshipBase, form: CommentForm | None = None) -> dict[str, object]:
    return {
        "base": record,
        "moves": next_moves(BASES, record, user),
        "form": form or CommentForm(),
        "changes": record.changes.select_related("actor").all(),
        "posts": record.posts_offered.splitlines(),
    }


@login_required
@require_safe
def base_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return render(request, "placements/base.html", _base_context(user, _base(user, pk)))


def _base_summary(record: InternshipBase, to: str) -> str:
    posts = "、".join(record.posts_offered.splitlines()) or "（未填写）"
    if to == BaseStatus.APPROVED:
        return (
            f"将认定{record.organisation.name}为就业见习基地（见习岗位：{posts}）。认定后该单位可在"
            "就业超市发布见习岗位，并将收到通知。"
        )
    return f"将对{record.organisation.name}的就业见习基地申请作出不予认定决定，该单位将收到通知和意见。"


BASE = _Kind(
    BASES,
    who=lambda record: record.organisation.name,
    back=lambda record: reverse("placements:base", args=[record.pk]),
    summary=_base_summary,
    act=lambda record, to, user, comment: svc.base_decide(internship_base=record, to=to, actor=user, comment=comment),
    failed=lambda request, user, record, form: render(
        request, "placements/base.html", _base_context(user, record, form), status=422
    ),
)


@login_required
@require_POST
def base_act(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    user = acting_user(request)
    record = _base(user, pk)
    if not permissions.can_review_base(user):
        raise PermissionDenied("就业见习基地由人力资源公共服务中心审核")
    return _move(request, user, BASE, record, to)


@require_safe
def internship_list(request: HttpRequest) -> HttpResponse:
    """Public: internship posts of approved bases, for graduates; no sign-in."""
    page = Paginator(svc.internship_posts(), 30).get_page(request.GET.get("page"))
    return render(request, "placements/internships.html", {"page": page})
