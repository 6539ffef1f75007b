"""The last safety net around Django's WSGI handler: a database error raised where Django's own
handler cannot turn it into a response (the ``request_started`` signal, which closes or checks
stale connections) still gives the Chinese 503, never gunicorn's bare 500."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from .middleware import DATABASE_OUTAGE

log = logging.getLogger("wengang.ops")


def with_database_outage_page(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            return app(environ, start_response)
        except DATABASE_OUTAGE as exc:
            from django.conf import settings
            from django.template.loader import render_to_string

            log.warning("database unavailable outside the views: %s", exc, extra={"path": environ.get("PATH_INFO")})
            body = render_to_string("ops/503.html", {"reason": "database", "retry_after": settings.WENGANG_RETRY_AFTER})
            start_response(
                "503 Service Unavailable",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Retry-After", str(settings.WENGANG_RETRY_AFTER)),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [body.encode("utf-8")]

    return application
