"""Who may post, edit, moderate and import job posts. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation

from .models import JobPost, PostStatus

#: statuses in which the poster may still change a post
EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.MODERATION, PostStatus.PUBLISHED, PostStatus.REJECTED, PostStatus.EXPIRED})
MODERATOR_ROLES = frozenset({Role.STREET, Role.REVIEWER, Role.ADMIN})


def is_enterprise(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ENTERPRISE and user.organisation_id is not None


def is_street_staff(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STREET and user.street_id is not None


def can_post(user: User) -> bool:
    """Enterprises for themselves; street staff on an enterprise's behalf."""
    return is_enterprise(user) or is_street_staff(user)


def can_post_for(user: User, organisation: Organisation) -> bool:
    if is_enterprise(user):
        return user.organisation_id == organisation.pk
    return is_street_staff(user) and organisation.kind == Organisation.Kind.ENTERPRISE


def can_post_urgent(organisation: Organisation) -> bool:
    """急聘 is for key enterprises only (epidemic control, city operation, daily necessities)."""
    return organisation.is_key_enterprise


def is_poster(user: User, post: JobPost) -> bool:
    """The employer's own users, or staff of the street that posted on its behalf."""
    if is_enterprise(user):
        return user.organisation_id == post.organisation_id
    return is_street_staff(user) and post.on_behalf_street_id is not None and post.on_behalf_street_id == user.street_id


def can_edit_post(user: User, post: JobPost) -> bool:
    return is_poster(user, post) and post.status in EDITABLE


def can_withdraw_post(user: User, post: JobPost) -> bool:
    return is_poster(user, post) and post.status in (PostStatus.PUBLISHED, PostStatus.MODERATION, PostStatus.DRAFT)


def can_moderate(user: User) -> bool:
    """Street staff, district reviewers and administrators work the N17 moderation queue."""
    return user.is_authenticated and (user.role in MODERATOR_ROLES or user.is_superuser)


def can_view_post(user: User, post: JobPost, *, public: bool) -> bool:
    """Anyone sees a live published post; the poster and moderators see it in any status."""
    if public:
        return True
    return is_poster(user, post) or can_moderate(user)


def can_import_posts(user: User) -> bool:
    return is_street_staff(user)


def can_view_street_counts(user: User) -> bool:
    return user.is_authenticated and (user.is_bureau_staff or user.is_superuser)
