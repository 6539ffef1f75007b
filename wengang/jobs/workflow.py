"""A job post's statuses as data: who may move it from where to where.

The owner publishes after a clean N17 check or submits warned wording for moderation; moderators
decide warned posts; the system expires stale ones. Moves go through
``wengang.cases.workflow.transition``; :func:`post_transition` is that call for posts.
"""

from __future__ import annotations

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.workflow import SYSTEM, Effect, Move, TransitionError, Workflow, transition

from . import permissions
from .models import JobPost, PostStatus

S = PostStatus
OWNER, MODERATOR = "owner", "moderator"

__all__ = ["POSTS", "TransitionError", "post_transition"]


def parties(actor: User, post: JobPost) -> set[str]:
    found = set()
    if permissions.is_poster(actor, post):
        found.add(OWNER)
    if permissions.can_moderate_post(actor, post):
        found.add(MODERATOR)
    return found


def _published(post: JobPost, actor: User | None, reason: str) -> Effect:
    return Effect(fields={"published_at": clock.now()})


POSTS = Workflow(
    JobPost,
    parties=parties,
    refused="无权进行此操作",
    unlisted="岗位当前为“{frm}”，不能改为“{to}”",
    noun="该岗位",
    moves=[
        Move(S.DRAFT, S.PUBLISHED, "发布", by=OWNER, effect=_published),
        Move(S.DRAFT, S.MODERATION, "提交审核", by=OWNER),
        *Move.each((S.PUBLISHED, S.REJECTED), S.MODERATION, "修改后提交审核", by=OWNER),
        Move(S.REJECTED, S.PUBLISHED, "修改后发布", by=OWNER, effect=_published),
        Move(S.EXPIRED, S.PUBLISHED, "重新发布", by=OWNER, effect=_published),
        Move(S.EXPIRED, S.MODERATION, "重新提交审核", by=OWNER),
        Move(S.MODERATION, S.PUBLISHED, "同意发布", by=MODERATOR, effect=_published),
        Move(S.MODERATION, S.REJECTED, "不予发布", by=MODERATOR),
        *Move.each((S.DRAFT, S.PUBLISHED, S.MODERATION), S.WITHDRAWN, "撤下", by=OWNER),
        *Move.each((S.PUBLISHED, S.MODERATION), S.EXPIRED, "到期下架", by=SYSTEM),
    ],
)


def post_transition(*, post: JobPost, to: str, actor: User | None, reason: str = "") -> JobPost:
    """Move ``post`` to ``to`` if the table allows ``actor``; record the move. Returns the fresh row."""
    transition(POSTS, post, to=to, actor=actor, reason=reason[:300])
    return post
