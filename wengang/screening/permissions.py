"""Screening reads the whole registry: district reviewers and administrators only."""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.accounts.permissions import is_admin, is_reviewer


def can_screen(user: User) -> bool:
    """Reviewers (with a department) and administrators submit runs and see every run's results:
    a run is the bureau's shared work, not one person's. Enterprises, agencies, street and
    municipal staff may not."""
    return user.is_active and (is_reviewer(user) or is_admin(user))
