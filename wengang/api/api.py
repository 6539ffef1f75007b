"""The public API under ``/api/v1/`` (OpenAPI 3, interactive docs at ``/api/v1/docs``).

Built on django-ninja rather than Django REST framework + drf-spectacular: it is one small
dependency (with Pydantic), takes plain function views like the rest of the site, derives the
OpenAPI document from the same type annotations that validate requests (no second schema layer to
keep in step), and ships Swagger UI's files itself, so the docs page loads nothing from a CDN and
holds under the site's strict Content-Security-Policy.

Every endpoint acts as the user who created the token, through the apps' own services and
permission functions; every error is ``{"code": ..., "message": "中文"}``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader

from wengang import ratelimit
from wengang.accounts.models import User
from wengang.accounts.services import client_ip

from . import services
from .models import ApiToken
from .schemas import Error

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered as ``{"code", "message"}`` with ``status`` (and optional headers)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def too_many(wait: int) -> ApiError:
    return ApiError(429, "rate_limited", f"请求过于频繁，请 {wait} 秒后再试", {"Retry-After": str(wait)})


class TokenAuth(APIKeyHeader):
    """``Authorization: Token <key>`` (``Bearer <key>`` also accepted). Failed keys are counted per
    address and the address is refused past the limit; each token has its own request rate."""

    param_name = "Authorization"
    openapi_description = "接口密钥：Authorization: Token <密钥>（在“我的办事 → 接口密钥”创建）"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiToken | None:
        address = client_ip(request) or "-"
        bad_keys = ratelimit.Limit.parse(settings.JOBS_API_BAD_KEYS_PER_ADDRESS)
        wait = ratelimit.rate_limit_reached("api-bad-key", address, bad_keys)
        if wait is not None:
            raise too_many(wait)
        scheme, _, value = (key or "").partition(" ")
        token = services.token_for_key(value.strip()) if scheme in ("Token", "Bearer") and value.strip() else None
        if token is None:
            ratelimit.rate_limit_hit("api-bad-key", address, bad_keys)
            return None
        wait = ratelimit.rate_limit_hit("api-token", str(token.pk), ratelimit.Limit.parse(settings.API_RATE_PER_TOKEN))
        if wait is not None:
            raise too_many(wait)
        request.api_token = token  # type: ignore[attr-defined]
        return token


api = NinjaAPI(
    title="稳岗开放接口",
    version="1",
    description=(
        "朝阳区稳岗平台的开放接口。使用接口密钥（Authorization: Token <密钥>）调用；错误统一返回 "
        '{"code": 代码, "message": 中文说明}。创建类 POST 请求可带 Idempotency-Key 请求头：同一密钥重复提交相同内容时返回首次结果。'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


def error_response(request: HttpRequest, status: int, code: str, message: str, **headers: str) -> HttpResponse:
    response = api.create_response(request, Error(code=code, message=message).model_dump(), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, **exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "接口密钥无效、已吊销或未提供")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    places = sorted({str(e.get("loc", ["", ""])[-1]) for e in exc.errors if e.get("loc")})
    detail = f"（{'、'.join(places)}）" if places else ""
    return error_response(request, 422, "invalid", f"请求参数格式不正确{detail}")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "没有找到该记录，或您无权查看")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {405: "不支持该请求方法", 413: "请求体过大", 400: "请求格式不正确"}
    return error_response(request, exc.status_code, "error", messages.get(exc.status_code, "请求无法处理"))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed")
    return error_response(request, 500, "server_error", "服务器内部错误，请稍后再试")


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja answers a wrong method with a plain-text 405; ours is the house error body."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            # ninja lists the methods in the order its operations were registered: sort them, one answer
            allowed = ", ".join(sorted(filter(None, (m.strip() for m in response.get("Allow", "").split(",")))))
            response = JsonResponse(
                {"code": "method_not_allowed", "message": f"不支持该请求方法（可用：{allowed}）"},
                status=405, json_dumps_params={"ensure_ascii": False},
            )
            response["Allow"] = allowed
        return response

    return wrapped


def urls() -> tuple[list[Any], str, str]:
    """``api.urls`` with every view answering 405 in JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_method_not_allowed(pattern.callback)
    return patterns, app_name, namespace


def acting_user(request: HttpRequest) -> User:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


from . import routes  # noqa: E402,F401  (registers the endpoints on ``api``)
