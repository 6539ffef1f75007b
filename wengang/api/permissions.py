"""Who may hold API keys, and whose keys a user manages."""

from __future__ import annotations

from wengang.accounts.models import ORGANISATION_ROLES, STAFF_ROLES, User


def can_hold_tokens(user: User) -> bool:
    """Organisations' users (enterprises, HR agencies) for their organisation; bureau staff for
    themselves (street offices post jobs, reviewers screen). Job seekers hold none."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role in ORGANISATION_ROLES:
        return user.organisation_id is not None
    return user.role in STAFF_ROLES
