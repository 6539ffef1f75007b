"""Who may see the dashboards, and of which street. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_reviewer


def is_street_office(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STREET and user.street_id is not None


def can_view_dashboard(user: User) -> bool:
    """District reviewers and administrators (the bureau's leaders) see the whole district; a
    street office sees its own street. Enterprises, agencies and individuals see none."""
    return is_reviewer(user) or is_admin(user) or is_street_office(user)


def dashboard_street_id(user: User) -> int | None:
    """The street the user's dashboards are confined to; ``None`` for the whole district."""
    if is_reviewer(user) or is_admin(user):
        return None
    assert is_street_office(user)
    return user.street_id
