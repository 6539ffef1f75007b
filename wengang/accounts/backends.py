"""Signing in with Django's model backend, and the signed-in user loaded in one query per request.

Every signed-in request loads its user; most pages of an organisation's users then read the
organisation (its name, its street), which the ORM would fetch with a query of its own. Here the user
comes with the organisation and its street in the same row (``select_related``), through a query
compiled once per process (``wengang/ops/prepared.py``; issue 11, load). The organisation's registry
facts, which only the pre-check and screening read, are left out and fetched where they are read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from wengang.ops.prepared import Prepared

from .models import User

#: the signed-in user with organisation and street, compiled once per process
SIGNED_IN = Prepared(
    lambda pk: User.objects.select_related("organisation__street").defer("organisation__facts").filter(pk=pk), int
)


class UserBackend(ModelBackend):
    """Django's ``ModelBackend`` (passwords, permissions); ``get_user`` loads the organisation too.

    Listed first, with Django's own ``ModelBackend`` after it only for sessions signed in before this
    backend existed (a session names its backend). Wrong credentials end the sign-in here
    (``PermissionDenied``), so they are not checked, and the password hashed, a second time."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None and (username is not None or kwargs):
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        found: list[User] = SIGNED_IN.objects(pk)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None
