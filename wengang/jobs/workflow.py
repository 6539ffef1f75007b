"""A job post's statuses as data: who may move it from where to where, and the one transition
service (lock → guard → change → append a PostEvent)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import User

from . import permissions
from .models import JobPost, PostEvent, PostStatus

S = PostStatus
OWNER, MODERATOR, SYSTEM = "owner", "moderator", "system"

#: (from, to) → who may make the move. "owner" publishes after a clean check or submits warned
#: wording for moderation; moderators decide warned posts; the system expires stale ones.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.PUBLISHED): frozenset({OWNER}),
    (S.DRAFT, S.MODERATION): frozenset({OWNER}),
    (S.PUBLISHED, S.MODERATION): frozenset({OWNER}),
    (S.REJECTED, S.MODERATION): frozenset({OWNER}),
    (S.REJECTED, S.PUBLISHED): frozenset({OWNER}),
    (S.EXPIRED, S.PUBLISHED): frozenset({OWNER}),
    (S.EXPIRED, S.MODERATION): frozenset({OWNER}),
    (S.MODERATION, S.PUBLISHED): frozenset({MODERATOR}),
    (S.MODERATION, S.REJECTED): frozenset({MODERATOR}),
    (S.DRAFT, S.WITHDRAWN): frozenset({OWNER}),
    (S.PUBLISHED, S.WITHDRAWN): frozenset({OWNER}),
    (S.MODERATION, S.WITHDRAWN): frozenset({OWNER}),
    (S.PUBLISHED, S.EXPIRED): frozenset({SYSTEM}),
    (S.MODERATION, S.EXPIRED): frozenset({SYSTEM}),
}


class TransitionError(Exception):
    """A move the table does not allow; the message is Chinese."""


def _capacities(actor: User | None, post: JobPost) -> set[str]:
    if actor is None:
        return {SYSTEM}
    found = set()
    if permissions.is_poster(actor, post):
        found.add(OWNER)
    if permissions.can_moderate_post(actor, post):
        found.add(MODERATOR)
    return found


def post_transition(*, post: JobPost, to: str, actor: User | None, reason: str = "") -> JobPost:
    """Move ``post`` to ``to`` if the table allows ``actor``; record the move. Returns the fresh row."""
    with transaction.atomic():
        locked = JobPost.objects.select_for_update().get(pk=post.pk)
        allowed = TRANSITIONS.get((locked.status, to))
        if allowed is None:
            raise TransitionError(f"岗位当前为“{locked.get_status_display()}”，不能改为“{PostStatus(to).label}”")
        if not allowed & _capacities(actor, locked):
            raise TransitionError("无权进行此操作")
        before = locked.status
        locked.status = to
        fields = ["status", "updated_at"]
        if to == S.PUBLISHED:
            locked.published_at = timezone.now()
            fields.append("published_at")
        locked.save(update_fields=fields)
        PostEvent.objects.create(post=locked, from_status=before, to_status=to, actor=actor, reason=reason[:300])
    return locked
