"""Job market pages. Public: search, post detail, poster. Posters (enterprises, street staff):
their posts, the form, the Excel import. Staff: the N17 moderation queue, counts per street.
Partners: ``POST /jobs/api/posts/`` (token or session). Wrong role → 403; a post that is not
live and not one's own → 404."""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wengang import clock, ratelimit
from wengang.accounts.models import User
from wengang.accounts.services import client_ip
from wengang.api.services import token_for_key
from wengang.cases.confirm import confirm_page, confirmed
from wengang.cases.listing import page_of
from wengang.cases.views import acting_user
from wengang.imports import import_job_page, import_job_queue
from wengang.ops.skeletons import bound_fields
from wengang.registry.models import ImportJob

from . import exports, importer, permissions, selectors, services
from .forms import ImportForm, ModerationForm, PostForm, SearchForm
from .models import JobPost, PostStatus
from .payload import FieldErrors, PayloadError, post_from_json, read_json_object
from .workflow import TransitionError

PAGE_SIZE = 20



def _is_live(post: JobPost) -> bool:
    return post.status == PostStatus.PUBLISHED and post.deadline >= clock.today()


def _visible_post(request: HttpRequest, pk: int) -> JobPost:
    post = get_object_or_404(JobPost.objects.select_related("organisation", "street"), pk=pk)
    user = request.user
    if not permissions.can_view_post(user, post, public=_is_live(post)):  # type: ignore[arg-type]
        raise Http404
    return post


# ---- public ------------------------------------------------------------------------------------


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    criteria = selectors.Search()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = selectors.Search(
            q=data["q"], street=data["street"], industry=data["industry"], pay=data["pay"],
            urgent=data["urgent"], internship=data["internship"],
        )
    results = selectors.Results(criteria, today=clock.today())
    paginator: Paginator[JobPost] = Paginator(results, PAGE_SIZE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "criteria": criteria,
        "capped": results.capped,
        "count_text": f"{paginator.count:,}",
        # only the links this user can use
        "can_post": isinstance(user, User) and permissions.can_post(user),
        "can_moderate": isinstance(user, User) and permissions.can_moderate(user),
        "can_view_street_counts": isinstance(user, User) and permissions.can_view_street_counts(user),
    }
    # the result cards are a Jinja2 template (jobs/jinja2/, wengang/ops/jinja.py): compiled, ~10× cheaper to render
    results_html = mark_safe(render_to_string("jobs/_results.html", context))
    if request.headers.get("HX-Request"):
        return HttpResponse(results_html)
    # what was searched for, written into the form's fields rendered once per process (wengang/ops/skeletons.py)
    fields_html = bound_fields("jobs/_search_fields.html", form, source=form.street_choices)
    return render(request, "jobs/search.html", context | {"results_html": results_html, "fields_html": fields_html})


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _visible_post(request, pk)
    user = acting_user(request) if request.user.is_authenticated else None
    context = {
        "post": post,
        "live": _is_live(post),
        "can_edit": user is not None and permissions.can_edit_post(user, post),
        "can_withdraw": user is not None and permissions.can_withdraw_post(user, post),
        "events": list(post.events.select_related("actor"))
        if user is not None and (permissions.is_poster(user, post) or permissions.can_moderate_post(user, post))
        else [],
    }
    return render(request, "jobs/detail.html", context)


def _qr_svg_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster with a QR code to the post, for WeChat groups and notice boards."""
    post = _visible_post(request, pk)
    url = request.build_absolute_uri(post_url(post))
    return render(request, "jobs/poster.html", {"post": post, "url": url, "qr": _qr_svg_data_uri(url)})


def post_url(post: JobPost) -> str:
    return reverse("jobs:detail", args=[post.pk])


# ---- posters -----------------------------------------------------------------------------------


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    form, posts = exports.POSTS.filtered(request)
    page = page_of(request, posts)
    context = {"posts": page, "page": page, "filter": form, "can_import": permissions.can_import_posts(acting_user(request))}
    return render(request, "jobs/mine.html", context)


@login_required
@require_safe
def mine_export(request: HttpRequest) -> HttpResponse:
    """The poster's posts, as filtered on its list, as an Excel workbook."""
    return exports.POSTS.export(request)


def _form_page(request: HttpRequest, form: PostForm, post: JobPost | None, refused: Any = None) -> HttpResponse:
    return render(request, "jobs/form.html", {"form": form, "post": post, "refused": refused}, status=200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_post, "只有用人单位和街乡工作人员可以发布岗位")
    street_staff = permissions.is_street_staff(user)
    own = None if street_staff else user.organisation
    if request.method != "POST":
        initial = {"street": own.street_id if own else user.street_id}
        return _form_page(request, PostForm(initial=initial, organisation=own, choose_organisation=street_staff), None)
    form = PostForm(request.POST, organisation=own, choose_organisation=street_staff)
    if not form.is_valid():
        return _form_page(request, form, None)
    organisation = form.chosen_organisation
    assert organisation is not None
    if not permissions.can_post_for(user, organisation):
        raise PermissionDenied
    try:
        post = services.post_create(
            actor=user, organisation=organisation, values=form.cleaned_data,
            on_behalf_street=user.street if street_staff else None,
        )
    except services.PostRefused as refused:
        return _form_page(request, form, None, refused.verdict)
    except services.PostError as err:
        form.add_error(None, str(err))
        return _form_page(request, form, None)
    _announce(request, post)
    return redirect("jobs:detail", pk=post.pk)


def _announce(request: HttpRequest, post: JobPost) -> None:
    if post.status == PostStatus.MODERATION:
        messages.warning(request, "岗位已保存。描述中有需要人工审核的用语（见下方提示），审核通过后发布；也可以按建议修改后重新提交。")
    else:
        messages.success(request, "岗位已发布")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    post = get_object_or_404(JobPost.objects.select_related("organisation"), pk=pk)
    if not permissions.is_poster(user, post):
        raise Http404
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied("该岗位当前不能修改")
    if request.method != "POST":
        return _form_page(request, PostForm(instance=post, organisation=post.organisation), post)
    form = PostForm(request.POST, instance=post, organisation=post.organisation)
    if not form.is_valid():
        return _form_page(request, form, post)
    try:
        post = services.post_update(post=post, actor=user, values=form.cleaned_data)
    except services.PostRefused as refused:
        return _form_page(request, form, post, refused.verdict)
    except (services.PostError, TransitionError) as err:
        form.add_error(None, str(err))
        return _form_page(request, form, post)
    _announce(request, post)
    return redirect("jobs:detail", pk=post.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The poster takes a post down: a page saying what that does first; a second click says it is done."""
    user = acting_user(request)
    post = get_object_or_404(JobPost.objects.select_related("organisation"), pk=pk)
    if not permissions.is_poster(user, post):
        raise Http404
    if post.status == PostStatus.WITHDRAWN:
        messages.info(request, f"岗位“{post.title}”已撤下，无需重复操作")
        return redirect("jobs:mine")
    if not permissions.can_withdraw_post(user, post):
        raise PermissionDenied("该岗位当前不能撤下")
    if not confirmed(request):
        return confirm_page(
            request,
            title=f"撤下岗位：{post.title}",
            summary=f"将撤下{post.organisation.name}的“{post.title}”岗位（{post.get_status_display()}，招聘 "
            f"{post.openings} 人）。撤下后不在就业超市展示，求职者不能再投递，且不能恢复；如需招聘须重新发布岗位。",
            button="确认撤下岗位",
            back=reverse("jobs:detail", args=[post.pk]),
            danger=True,
        )
    try:
        services.post_withdraw(post=post, actor=user)
    except TransitionError as err:
        messages.error(request, str(err))
        return redirect("jobs:detail", pk=post.pk)
    messages.success(request, "岗位已撤下")
    return redirect("jobs:mine")


# ---- import ------------------------------------------------------------------------------------


@login_required
@require_safe
def import_template(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_posts(acting_user(request)):
        raise PermissionDenied("只有街乡工作人员可以批量导入岗位")
    response = HttpResponse(
        importer.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('街乡岗位信息导入模板.xlsx')}"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_posts(request: HttpRequest) -> HttpResponse:
    """The upload becomes a background import job; its result page follows its progress."""
    user = acting_user(request, permissions.can_import_posts, "只有街乡工作人员可以批量导入岗位")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_queue(kind=ImportJob.Kind.JOB_POSTS, upload=form.cleaned_data["file"], user=user)
        return redirect("jobs:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=ImportJob.Kind.JOB_POSTS, created_by=user)[:5]
    return render(request, "jobs/import.html", {"form": form, "recent": recent})


@login_required
@require_safe
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy list's progress, then its counts or every bad row; its uploader's only."""
    user = acting_user(request)
    job = get_object_or_404(ImportJob, pk=pk, kind=ImportJob.Kind.JOB_POSTS)
    if not permissions.can_view_import_job(user, job):
        raise Http404
    return import_job_page(request, job, page="jobs/import_job.html", part="jobs/_import_job.html", context={})


# ---- staff -------------------------------------------------------------------------------------


def _queue(user: User) -> Any:
    """A street office sees its street's posts; district reviewers and administrators all."""
    return selectors.moderation_queue(user.street_id if permissions.is_street_staff(user) else None)


@login_required
@require_safe
def moderation(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_moderate, "只有街乡、区审核人员和管理员可以审核岗位用语")
    return render(request, "jobs/moderation.html", {"posts": _queue(user), "form": ModerationForm()})


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, permissions.can_moderate, "只有街乡、区审核人员和管理员可以审核岗位用语")
    post = get_object_or_404(JobPost.objects.select_related("organisation"), pk=pk)
    if not permissions.can_moderate_post(user, post):
        raise Http404
    if post.status != PostStatus.MODERATION:
        messages.info(request, f"岗位“{post.title}”已处理（{post.get_status_display()}），无需重复操作")
        return redirect("jobs:moderation")
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return render(
            request, "jobs/moderation.html",
            {"posts": _queue(user), "form": ModerationForm(), "failed": post.pk, "failed_form": form},
            status=400,
        )
    rejecting = form.cleaned_data["decision"] == "reject"
    if rejecting and not confirmed(request):
        return confirm_page(
            request,
            title=f"不予发布：{post.title}",
            summary=f"将对{post.organisation.name}的“{post.title}”岗位作出不予发布决定：岗位不在就业超市展示，"
            "理由记入岗位状态记录，发布人可修改用语后重新提交审核。",
            details=[("理由", form.cleaned_data["reason"])],
            button="确认不予发布",
            back=reverse("jobs:moderation"),
            danger=True,
        )
    try:
        services.post_moderate(
            post=post, actor=user, publish=not rejecting, reason=form.cleaned_data["reason"]
        )
    except (TransitionError, services.PostError) as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"已处理：{post.title}")
    return redirect("jobs:moderation")


@login_required
@require_safe
def street_counts(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_street_counts(acting_user(request)):
        raise PermissionDenied
    counts = selectors.counts_per_street(clock.today())
    totals = {
        "posts": sum(c.posts for c in counts),
        "openings": sum(c.openings for c in counts),
        "urgent": sum(c.urgent for c in counts),
    }
    return render(request, "jobs/street_counts.html", {"counts": counts, "totals": totals})


# ---- partner API -------------------------------------------------------------------------------
#
# Always JSON, never an HTML error page (issue 8, findings 7, 13 and 19): the method, the body's
# size and nesting, each field's type, and rate limits per address and per key, in that order.

logger = logging.getLogger(__name__)


def _api_error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _too_many(wait: int) -> JsonResponse:
    response = _api_error(f"请求过于频繁，请 {wait} 秒后再试", 429)
    response["Retry-After"] = str(wait)
    return response


def _api_user(request: HttpRequest) -> tuple[User | None, JsonResponse | None]:
    """The caller: a token (``Authorization: Token <key>``) or a session with a valid CSRF token.
    Failed keys are counted per address; past the limit the address is refused before any check."""
    header = request.headers.get("Authorization", "")
    if header:
        address = client_ip(request) or "-"
        bad_keys = ratelimit.Limit.parse(settings.JOBS_API_BAD_KEYS_PER_ADDRESS)
        wait = ratelimit.rate_limit_reached("jobs-api-bad-key", address, bad_keys)
        if wait is not None:
            return None, _too_many(wait)
        scheme, _, key = header.partition(" ")
        token = token_for_key(key.strip()) if scheme == "Token" and key.strip() else None
        if token is None:
            ratelimit.rate_limit_hit("jobs-api-bad-key", address, bad_keys)
            return None, _api_error("密钥无效", 401)
        wait = ratelimit.rate_limit_hit("jobs-api-key", str(token.pk), ratelimit.Limit.parse(settings.JOBS_API_RATE_PER_KEY))
        if wait is not None:
            return None, _too_many(wait)
        return token.user, None
    if not request.user.is_authenticated:
        return None, _api_error("请登录或使用接口密钥", 401)
    refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})  # type: ignore[arg-type]
    if refused is not None:
        return None, _api_error("CSRF 校验失败", 403)
    user = acting_user(request)
    wait = ratelimit.rate_limit_hit("jobs-api-key", f"user:{user.pk}", ratelimit.Limit.parse(settings.JOBS_API_RATE_PER_KEY))
    if wait is not None:
        return None, _too_many(wait)
    return user, None


def _finding_list(verdict: Any) -> list[dict[str, Any]]:
    return [f.to_dict() for f in (*verdict.blocked, *verdict.warnings)]


def _read_body(request: HttpRequest) -> bytes | JsonResponse:
    cap = settings.JOBS_API_MAX_BODY_BYTES
    too_big = _api_error(f"请求体过大（不超过 {cap // 1024} KB）", 413)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _api_error("请求头 Content-Length 无效", 400)
    if declared > cap:
        return too_big
    try:
        body = request.body
    except RequestDataTooBig:
        return too_big
    return too_big if len(body) > cap else body


@csrf_exempt  # checked in _api_user for session callers; token callers carry no cookie
def api_posts(request: HttpRequest) -> JsonResponse:
    """Create a post from JSON (the PostForm fields; street staff add ``organisation``: a credit code)."""
    try:
        return _api_posts(request)
    except Exception:  # the partner gets JSON whatever happens; the trace goes to the log
        logger.exception("job post API failed")
        return _api_error("服务器内部错误，请稍后再试", 500)


def _api_posts(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        response = _api_error("请使用 POST 提交岗位", 405)
        response["Allow"] = "POST"
        return response
    address = client_ip(request) or "-"
    wait = ratelimit.rate_limit_hit("jobs-api-address", address, ratelimit.Limit.parse(settings.JOBS_API_RATE_PER_ADDRESS))
    if wait is not None:
        return _too_many(wait)
    body = _read_body(request)
    if isinstance(body, JsonResponse):
        return body
    user, failure = _api_user(request)
    if failure is not None:
        return failure
    assert user is not None
    if not permissions.can_post(user):
        return _api_error("只有用人单位和街乡工作人员可以发布岗位", 403)
    try:
        post = post_from_json(user=user, payload=read_json_object(body))
    except FieldErrors as err:
        return JsonResponse({"errors": err.errors}, status=400)
    except PayloadError as err:
        extra = {"errors": err.errors} if err.errors else {}
        return _api_error(err.message, 400, **extra)
    except services.PostRefused as refused:
        return _api_error("岗位描述含有不得发布的用语（N17）", 422, findings=_finding_list(refused.verdict))
    except services.PostError as err:
        return _api_error(str(err), 400)
    return JsonResponse(
        {"id": post.pk, "status": post.status, "url": request.build_absolute_uri(post_url(post)),
         "findings": post.wording_findings},
        status=201,
    )
