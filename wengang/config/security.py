"""Response hardening that Django's settings cannot express (issue 8, finding 19).

* ``SecureCookiesMiddleware`` marks the session, CSRF and messages cookies ``Secure`` on every response
  served over HTTPS, whatever ``SECURE_COOKIES`` says (behind a proxy, set ``BEHIND_TLS_PROXY=1``
  so Django sees the scheme).
* ``SignedInMiddleware`` gives bureau staff a shorter session (``STAFF_SESSION_SECONDS``) and
  makes every page of a signed-in user, and every file download, ``Cache-Control: no-store``:
  nothing personal stays in a shared or browser cache. A view marked :func:`sessionless`
  (authenticated otherwise than by the session cookie: the training heartbeat's signed pass) is
  left alone — neither its session nor its user is read — and its answer is ``no-store`` too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

#: the key Django's SessionBase.set_expiry writes; present once an expiry was chosen for the session
_EXPIRY_KEY = "_session_expiry"

View = TypeVar("View", bound=Callable[..., Any])


def sessionless(view: View) -> View:
    """Mark a view that reads neither ``request.session`` nor ``request.user``: SignedInMiddleware
    then does not load them for it (two queries saved)."""
    view.sessionless = True  # type: ignore[attr-defined]
    return view


class SecureCookiesMiddleware:
    """List it before SessionMiddleware and CsrfViewMiddleware, so it sees the cookies they set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
                if name in response.cookies:
                    response.cookies[name]["secure"] = True
        return response


def is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment") or bool(
        getattr(response, "streaming", False)
    )


class SignedInMiddleware:
    """List it after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "sessionless", False):
            signed_in = True  # whoever it is: no-store
        else:
            user = getattr(request, "user", None)
            signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or is_download(response):
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        if getattr(view, "sessionless", False):
            request.sessionless = True  # type: ignore[attr-defined]
            return
        user = getattr(request, "user", None)
        staff = (
            user is not None
            and user.is_authenticated
            and (getattr(user, "is_bureau_staff", False) or getattr(user, "is_superuser", False))
        )
        if staff and _EXPIRY_KEY not in request.session:
            request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
        # loaded now (AuthenticationMiddleware keeps it there): the view and its templates get the user
        # itself, not the lazy proxy around it, through which each of their lookups would go
        loaded = getattr(request, "_cached_user", None)
        if loaded is not None:
            request.user = loaded
