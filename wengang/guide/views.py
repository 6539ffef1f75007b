"""The 办事指南 pages: the list of services and one service's guide. Public, read only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import services


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"groups": services.GROUPS})


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = services.BY_SLUG.get(slug)
    if guide is None:
        raise Http404("没有这项服务的办事指南")
    return render(
        request,
        "guide/detail.html",
        {
            "guide": guide,
            "checklists": services.checklists(guide),
            "apply_url": services.apply_url(guide, request.user),
        },
    )
