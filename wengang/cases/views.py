"""What every case app's views share: who is acting, and whether they may.

``acting_user(request)`` is the signed-in user (the views are behind ``login_required``);
``acting_user(request, permissions.can_x, "仅……可以……")`` also refuses, with a Chinese 403, a user
the permission function (``wengang/accounts/permissions.py``) turns away. Each view still names
its own check, so the permission matrix tests read against the view they cover.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from wengang.accounts.models import User


def acting_user(request: HttpRequest, may: Callable[[User], bool] | None = None, refusal: str = "") -> User:
    """The signed-in user; ``PermissionDenied(refusal)`` unless ``may(user)``."""
    user = request.user
    assert isinstance(user, User)
    if may is not None and not may(user):
        raise PermissionDenied(refusal)
    return user
