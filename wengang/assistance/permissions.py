"""Who may see and act on 就业援助 records. Plain functions, called by every view.

A person sees only their own certification, claims and placements; a street office only its
street's; administrators everything. Nobody else (firms, agencies, district reviewers).
"""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import User
from wengang.accounts.permissions import is_admin, is_street_staff
from wengang.accounts.permissions import is_individual as is_individual

#: the street office of the person's street certifies, places and pays
is_street = is_street_staff


def can_use(user: User) -> bool:
    """The 就业援助 pages: individuals, street offices, administrators."""
    return is_individual(user) or is_street(user) or is_admin(user)


def can_apply(user: User) -> bool:
    """An individual applies for certification and claims the subsidy for themselves."""
    return is_individual(user)


def can_manage_posts(user: User) -> bool:
    """A street office publishes public-welfare posts and places people (its own street)."""
    return is_street(user)


def can_export(user: User) -> bool:
    """The office's lists as Excel: a street office (its street's rows), administrators (all)."""
    return is_street(user) or is_admin(user)


def _case_street(case: Any) -> int | None:
    street: int | None = case.street_id if hasattr(case, "street_id") else case.post.street_id
    return street


def can_view(user: User, case: Any) -> bool:
    """A certification, claim or placement: its person, the street office of its street, administrators."""
    if is_individual(user):
        return bool(case.person_id == user.pk)
    if is_street(user):
        return _case_street(case) == user.street_id
    return is_admin(user)


def can_view_post(user: User, post: Any) -> bool:
    if is_street(user):
        return bool(post.street_id == user.street_id)
    return is_admin(user)


def can_manage_post(user: User, post: Any) -> bool:
    return is_street(user) and post.street_id == user.street_id
