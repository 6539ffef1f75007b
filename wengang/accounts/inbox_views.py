"""The inbox pages (消息), for every signed-in user: threads by case, filters, marking read.

Mounted under the service hall's names (``subsidies:notifications`` …), where every page links to it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from wengang.cases.models import Notification
from wengang.cases.views import acting_user

from . import inbox


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's messages grouped by case, newest first; ``?unread=on&kind=…&page=…``."""
    user = acting_user(request)
    form = inbox.InboxFilter(request.GET, user=user)
    values = form.values()
    box = inbox.inbox(user, unread=bool(values.get("unread")), kind=values.get("kind", ""), page=request.GET.get("page"))
    context = {"filter": form, "box": box, "page": box.page, "threads": box.threads, "unread": box.unread}
    return render(request, "accounts/inbox.html", context)


def _back(request: HttpRequest) -> str:
    """The inbox with the filters the form was posted from (only the inbox's own parameters)."""
    form = inbox.InboxFilter(request.POST, user=acting_user(request))
    query = form.query()
    page = request.POST.get("page", "")
    if page.isdigit():
        query = f"{query}&page={page}" if query else f"page={page}"
    return reverse("subsidies:notifications") + (f"?{query}" if query else "")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """全部标为已读 (no ``pk``) or one message; only ever the user's own (another's: 404)."""
    user = acting_user(request)
    if pk is not None:
        get_object_or_404(Notification, pk=pk, user=user)
    count = inbox.mark_read(user=user, pk=pk)
    if pk is None:
        messages.success(request, f"已将 {count} 条消息标为已读")
    return redirect(_back(request))
