"""Who may post, edit, moderate and import job posts. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin
from wengang.accounts.permissions import is_enterprise as is_enterprise
from wengang.accounts.permissions import is_street_staff as is_street_staff
from wengang.registry.models import ImportJob, Organisation

from .models import JobPost, PostStatus

#: statuses in which the poster may still change a post
EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.MODERATION, PostStatus.PUBLISHED, PostStatus.REJECTED, PostStatus.EXPIRED})
MODERATOR_ROLES = frozenset({Role.STREET, Role.REVIEWER, Role.ADMIN})


def can_post(user: User) -> bool:
    """Enterprises for themselves; street staff on an enterprise's behalf."""
    return is_enterprise(user) or is_street_staff(user)


def can_post_for(user: User, organisation: Organisation) -> bool:
    """An enterprise for itself; a street office for enterprises, where :func:`street_may_post` allows."""
    if is_enterprise(user):
        return user.organisation_id == organisation.pk
    return is_street_staff(user) and organisation.kind == Organisation.Kind.ENTERPRISE


def street_may_post(street_id: int, organisation: Organisation, *, workplace_street_id: int | None, urgent: bool) -> bool:
    """A street office posts on an employer's behalf the vacancies of its own street: the firm is
    registered there or the workplace is there. 急聘 only for the key enterprises registered there
    (issue 8, finding 4: a street's token published posts, 急聘 included, anywhere)."""
    if urgent:
        return organisation.street_id == street_id
    return street_id in (organisation.street_id, workplace_street_id)


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
    """Street staff, district reviewers and administrators work the N17 moderation queue (a street
    office only the posts of its street: :func:`can_moderate_post`)."""
    return user.is_authenticated and (user.role in MODERATOR_ROLES or user.is_superuser)


def street_covers_post(user: User, post: JobPost) -> bool:
    """A post is a street office's when its firm is registered there or its workplace is there."""
    return is_street_staff(user) and user.street_id in (post.street_id, post.organisation.street_id)


def can_moderate_post(user: User, post: JobPost) -> bool:
    """District reviewers and administrators decide any post; a street office only its street's
    (issue 8, finding 4)."""
    if not can_moderate(user):
        return False
    if user.role == Role.STREET:
        return street_covers_post(user, post)
    return True


def can_view_post(user: User, post: JobPost, *, public: bool) -> bool:
    """Anyone sees a live published post; the poster and those who may moderate it see it in any status."""
    if public:
        return True
    return is_poster(user, post) or can_moderate_post(user, post)


def can_import_posts(user: User) -> bool:
    return is_street_staff(user)


def can_view_import_job(user: User, job: ImportJob) -> bool:
    """A vacancy list's result is its uploader's (and the administrators')."""
    return job.kind == ImportJob.Kind.JOB_POSTS and (job.created_by_id == user.pk or is_admin(user))


def can_view_street_counts(user: User) -> bool:
    return user.is_authenticated and (user.is_bureau_staff or user.is_superuser)
