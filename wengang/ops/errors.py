"""The Chinese error pages: 400, 403, 404, 413, 429, in the site layout with a way back; and the
page for a form posted without a valid CSRF token (``CSRF_FAILURE_VIEW``: Django's own is technical).

``handler400`` / ``handler403`` / ``handler404`` point here (``wengang.config.urls``); the 500 page is
``wengang.ops.views.server_error`` and the 503 page ``wengang.ops.middleware.unavailable`` (both static,
rendered without the database). With ``DEBUG`` on Django answers an unknown URL with its own page listing
every URL pattern; ``ChinesePagesMiddleware`` replaces that with the Chinese 404 page too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

#: status -> (title, explanation); nothing here names a path, a field or an exception
PAGES: dict[int, tuple[str, str]] = {
    400: ("请求无法处理", "您提交的内容不完整或格式不正确，本次操作未能完成，也未保存任何内容。请返回上一页重新填写后提交。"),
    403: ("无权访问此页面", "您当前登录的身份不能办理此项业务。请返回“我的办事”选择您可以办理的事项；如需办理，请使用相应单位的账号登录。"),
    404: ("页面不存在", "您要访问的页面不存在或已被删除，请检查网址，或从首页重新进入。"),
    413: ("上传的内容过大", "您上传的文件或提交的内容超过了系统允许的大小，本次操作未能完成。请压缩或拆分文件后重新上传。"),
    429: ("操作过于频繁", "您在短时间内操作次数过多，为保障系统安全，请稍后再试。"),
}

#: a form posted from a page left open too long (or with cookies off): Django's CSRF check refuses it
EXPIRED = ("页面已过期，请重新提交", "您提交的表单已失效（页面打开时间过长、已重新登录，或浏览器禁用了 Cookie），本次操作未能完成，也未保存任何内容。请返回上一页，刷新后重新填写提交。")

#: marks a response as one of these pages (the DEBUG replacement leaves it alone)
MARK = "wengang_error_page"


def error_page(
    request: HttpRequest, status: int, *, retry_after: int | None = None, text: tuple[str, str] | None = None
) -> HttpResponse:
    title, explanation = text or PAGES[status]
    context = {"title": title, "explanation": explanation, "retry_after": retry_after}
    body = render_to_string("errors/error.html", context, request=request)
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    if retry_after:
        response["Retry-After"] = str(retry_after)
    setattr(response, MARK, True)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``; a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, 413)
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``"""
    return error_page(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a 403 that says the form expired, in the site layout (the reason is
    Django's technical one and not shown)."""
    return error_page(request, 403, text=EXPIRED)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``"""
    return error_page(request, 404)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """For a throttled page request (a form keeps its own message and re-renders with 429)."""
    return error_page(request, 429, retry_after=retry_after)


class ChinesePagesMiddleware:
    """With ``DEBUG`` on: Django's technical 404 page (every URL pattern) becomes the Chinese 404 page.

    ``make run`` serves with ``DEBUG=1``; with DEBUG off ``handler404`` already answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, MARK, False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return error_page(request, 404)
        return response


#: a NUL in the address: never typed by a person, and PostgreSQL refuses it in text
NUL_EXPLANATION = "网址中含有无效字符，无法处理，也未保存任何内容。请从页面上的链接或筛选条件重新进入。"


class NulQueryMiddleware:
    """A query string with a NUL character (``%00``) gets the Chinese 400 page, whatever the page:
    every list reads its filters from the URL, and a NUL passed on to PostgreSQL would be a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return error_page(request, 400, text=(PAGES[400][0], NUL_EXPLANATION))
        return self.get_response(request)
