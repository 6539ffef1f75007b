"""Pages of 复工返岗指引 (N10): the public list and page of current notices, their PDF attachments,
and the publishers' list and form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from wengang.accounts.models import User
from wengang.cases.views import acting_user, form_page, form_post
from wengang.clock import today
from wengang.subsidies.services.materials import MaterialError

from . import permissions
from .forms import NoticeForm
from .models import Kind, Notice, NoticeAttachment
from .services import notice_save


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    """Public: the current announcements and handbooks, newest first; no sign-in."""
    on = today()
    kind = request.GET.get("kind", "")
    rows = Notice.objects.current(on).prefetch_related("attachments")
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    ctx = {"page": page, "notices": page.object_list, "kinds": Kind.choices, "kind": kind, "query": f"kind={kind}" if kind else ""}
    return render(request, "notices/list.html", ctx)


def _readable(request: HttpRequest, pk: int) -> Notice:
    notice = get_object_or_404(Notice, pk=pk)
    user = request.user
    if not permissions.can_read(user, notice, today()):  # type: ignore[arg-type]
        raise Http404
    return notice


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _readable(request, pk)
    return render(request, "notices/detail.html", {"notice": notice, "attachments": notice.attachments.all()})


@require_safe
def attachment(request: HttpRequest, pk: int, item: int) -> FileResponse:
    notice = _readable(request, pk)
    record = get_object_or_404(NoticeAttachment, pk=item, notice=notice)
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.display_name)


@require_safe
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    acting_user(request, permissions.can_publish, "仅人力资源公共服务中心和管理员可以发布复工返岗指引")
    page = Paginator(Notice.objects.all(), 20).get_page(request.GET.get("page"))
    return render(request, "notices/manage.html", {"page": page, "notices": page.object_list, "on": today()})


def _edit(request: HttpRequest, user: User, notice: Notice | None) -> HttpResponse:
    initial = (
        {
            "kind": notice.kind, "title": notice.title, "body": notice.body, "publish_on": notice.publish_on,
            "expires_on": notice.expires_on, "withdrawn": notice.withdrawn,
        }
        if notice
        else {"publish_on": today()}
    )
    return form_post(
        request,
        NoticeForm(request.POST or None, request.FILES or None, initial=initial),
        lambda data: notice_save(notice=notice, author=user, **data),
        errors={MaterialError: None},
        done=lambda saved: f"“{saved.title}”已保存。",
        then=lambda saved: redirect("notices:edit", pk=saved.pk),
        failed=lambda form: form_page(
            request, "notices/edit.html", form, notice=notice, attachments=notice.attachments.all() if notice else []
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, permissions.can_publish, "仅人力资源公共服务中心和管理员可以发布复工返岗指引")
    return _edit(request, user, None)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, permissions.can_publish, "仅人力资源公共服务中心和管理员可以发布复工返岗指引")
    return _edit(request, user, get_object_or_404(Notice, pk=pk))
