"""Probes for the load balancer and the orchestrator, and the metrics endpoint for Prometheus."""

from __future__ import annotations

import ipaddress
import sys

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .logging import request_id
from .middleware import DATABASE_OUTAGE, unavailable


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers (nothing else is checked: a failing database must not restart the app)."""
    return JsonResponse({"status": "ok"})


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bookmark tools ask for /favicon.ico whatever the page links: send them to the icon.

    Resolved per request (not in the URL conf): the hashed static name exists only after collectstatic.
    """
    return HttpResponseRedirect(static("img/favicon.svg"))


def check_database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_OUTAGE as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_migrations() -> str:
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DATABASE_OUTAGE as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok" if not plan else f"error: {len(plan)} unapplied"


def check_redis() -> str:
    """Pings the Celery broker when it is Redis; without a broker tasks run in-process."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return "not used"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, every migration is applied, Redis answers."""
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"] == "ok" else "unknown"
    checks["redis"] = check_redis()
    ready = all(v in ("ok", "not used") for v in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_NETWORKS)


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, only for the addresses in ``METRICS_ALLOWED_NETWORKS`` (the direct peer, no proxy header)."""
    if not address_allowed(request.META.get("REMOTE_ADDR", "")):
        return HttpResponseForbidden("禁止访问", content_type="text/plain; charset=utf-8")
    from django_prometheus.exports import ExportToDjangoView

    response: HttpResponse = ExportToDjangoView(request)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage anywhere in the stack is a 503; anything else a Chinese 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_OUTAGE):
        return unavailable(request, reason="database", retry_after=settings.WENGANG_RETRY_AFTER)
    body = render_to_string("ops/500.html", {"request_id": request_id.get()})
    return HttpResponse(body, status=500, content_type="text/html; charset=utf-8")
