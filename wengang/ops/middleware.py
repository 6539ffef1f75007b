"""Middleware for serving in production: request ids and access log, database outages, overload."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .logging import request_id


def _database_outage() -> tuple[type[BaseException], ...]:
    """Django's wrapped errors, and psycopg's own: a few code paths (closing a server-side cursor of
    ``QuerySet.iterator()``) raise them unwrapped when the server goes away."""
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - SQLite only
        return tuple(errors)
    return (*errors, psycopg.OperationalError, psycopg.InterfaceError)


#: the errors of a database that is down, restarting or unreachable
DATABASE_OUTAGE = _database_outage()
access_log = logging.getLogger("wengang.request")
error_log = logging.getLogger("wengang.ops")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
#: paths never shed nor logged per request: the load balancer and Prometheus poll them
PROBES = ("/healthz", "/readyz", "/metrics")


def unavailable(request: HttpRequest, *, reason: str, retry_after: int) -> HttpResponse:
    """The Chinese 503 page: a static template, rendered without the database."""
    body = render_to_string("ops/503.html", {"reason": reason, "retry_after": retry_after})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RequestIdMiddleware:
    """Takes ``X-Request-ID`` from the load balancer (or makes one), returns it, logs one JSON line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            if not request.path.startswith(PROBES):
                access_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)


class DatabaseUnavailableMiddleware:
    """A database that is down or restarting gives a Chinese 503 with ``Retry-After``, not a 500.

    Django's ``CONN_HEALTH_CHECKS`` then drops the broken connection at the next request, which
    reconnects by itself: no restart of the application is needed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_OUTAGE):
            error_log.warning("database unavailable: %s", exception, extra={"path": request.path})
            return unavailable(request, reason="database", retry_after=settings.WENGANG_RETRY_AFTER)
        return None


class LoadSheddingMiddleware:
    """At most ``WENGANG_MAX_INFLIGHT`` requests run at once in a process; the next ones wait at most
    ``WENGANG_QUEUE_TIMEOUT`` seconds for a place, then get a Chinese 503 at once instead of piling up.

    ``WENGANG_MAX_INFLIGHT=0`` (the default, and in development) turns it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = settings.WENGANG_MAX_INFLIGHT
        self.timeout = settings.WENGANG_QUEUE_TIMEOUT
        self.slots = threading.BoundedSemaphore(self.limit) if self.limit > 0 else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.slots is None or request.path.startswith(PROBES):
            return self.get_response(request)
        if not self.slots.acquire(timeout=self.timeout):
            error_log.warning("overloaded: shed", extra={"path": request.path})
            return unavailable(request, reason="busy", retry_after=settings.WENGANG_RETRY_AFTER)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()
