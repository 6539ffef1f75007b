"""Writes of the job market: create, edit, moderate, withdraw, expire, import. Every path that
creates or edits a post runs the N17 wording check here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from wengang.accounts.models import User
from wengang.imports import ImportRefused
from wengang.registry.models import ImportJob, Organisation, Street

from . import importer, permissions
from .forms import POST_FIELDS
from .models import JobPost, PostStatus
from .wording import Verdict, check_post_text, post_text
from .workflow import post_transition

S = PostStatus


class PostRefused(Exception):
    """N17 block rules matched: the post is not saved."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        super().__init__("；".join(str(f) for f in verdict.blocked))


class PostError(Exception):
    """A post cannot be saved as asked; the message is Chinese."""


def _guard(*, organisation: Organisation, values: Mapping[str, Any]) -> Verdict:
    if values.get("urgent") and not organisation.is_key_enterprise:
        raise PostError("只有重点企业可以发布急聘岗位")
    verdict = check_post_text(post_text(dict(values)))
    if verdict.blocked:
        raise PostRefused(verdict)
    return verdict


def _street_scope(*, organisation: Organisation, values: Mapping[str, Any], on_behalf_street: Street | None) -> None:
    if on_behalf_street is None:
        return
    workplace = values.get("street")
    urgent = bool(values.get("urgent"))
    workplace_id = workplace.pk if isinstance(workplace, Street) else None
    if permissions.street_may_post(on_behalf_street.pk, organisation, workplace_street_id=workplace_id, urgent=urgent):
        return
    if urgent:
        raise PostError(f"街乡只能代本街乡登记的重点企业发布急聘岗位；{organisation.name}不在{on_behalf_street.name}登记")
    raise PostError(f"街乡只能代发本街乡的岗位：{organisation.name}不在{on_behalf_street.name}登记，工作地点也不在{on_behalf_street.name}")


def _publish_or_queue(post: JobPost, verdict: Verdict, actor: User) -> JobPost:
    if verdict.warnings:
        reason = "用语提示：" + "、".join(f"“{f.matched}”（{f.category_label}）" for f in verdict.warnings)
        if post.status == S.MODERATION:
            return post
        return post_transition(post=post, to=S.MODERATION, actor=actor, reason=reason)
    if post.status == S.PUBLISHED:
        return post
    return post_transition(post=post, to=S.PUBLISHED, actor=actor, reason="用语检查通过")


def post_create(
    *, actor: User, organisation: Organisation, values: Mapping[str, Any], on_behalf_street: Street | None = None
) -> JobPost:
    """Create a post for ``organisation``: refused if N17 blocks it; published when the wording is
    clean; queued for moderation when it only warns. A street office posts only its own street's
    vacancies (web form, Excel import and API alike)."""
    _street_scope(organisation=organisation, values=values, on_behalf_street=on_behalf_street)
    verdict = _guard(organisation=organisation, values=values)
    with transaction.atomic():
        post = JobPost.objects.create(
            organisation=organisation,
            posted_by=actor,
            on_behalf_street=on_behalf_street,
            wording_findings=verdict.to_list(),
            status=S.DRAFT,
            **{name: values[name] for name in POST_FIELDS if name in values},
        )
        return _publish_or_queue(post, verdict, actor)


def post_update(*, post: JobPost, actor: User, values: Mapping[str, Any]) -> JobPost:
    """Edit a post; the check runs again, so edited wording may send it back to moderation."""
    _street_scope(organisation=post.organisation, values=values, on_behalf_street=post.on_behalf_street)
    verdict = _guard(organisation=post.organisation, values=values)
    with transaction.atomic():
        locked = JobPost.objects.select_for_update().get(pk=post.pk)
        for name in POST_FIELDS:
            if name in values:
                setattr(locked, name, values[name])
        locked.wording_findings = verdict.to_list()
        locked.save()
        return _publish_or_queue(locked, verdict, actor)


def post_moderate(*, post: JobPost, actor: User, publish: bool, reason: str = "") -> JobPost:
    if not publish and not reason.strip():
        raise PostError("不予发布须填写理由")
    return post_transition(
        post=post, to=S.PUBLISHED if publish else S.REJECTED, actor=actor, reason=reason or "人工审核：同意发布"
    )


def post_withdraw(*, post: JobPost, actor: User) -> JobPost:
    return post_transition(post=post, to=S.WITHDRAWN, actor=actor, reason="发布人撤下")


def deactivate_stale_posts(*, today: dt.date) -> int:
    """Mark posts whose deadline has passed as expired (one CaseEvent each). Returns how many."""
    stale = JobPost.objects.filter(Q(status=S.PUBLISHED) | Q(status=S.MODERATION), deadline__lt=today)
    count = 0
    for pk in stale.values_list("pk", flat=True):
        post = JobPost.objects.get(pk=pk)
        post_transition(post=post, to=S.EXPIRED, actor=None, reason=f"已过截止日期（{post.deadline:%Y-%m-%d}）")
        count += 1
    return count


@dataclass
class ImportSummary:
    created: int = 0
    moderation: int = 0
    #: street name → (posts, openings)
    by_street: dict[str, tuple[int, int]] = field(default_factory=dict)


def posts_import(*, actor: User, rows: list[tuple[Organisation, dict[str, Any]]]) -> ImportSummary:
    """Create every checked row of a street's import in one transaction: all or nothing."""
    summary = ImportSummary()
    with transaction.atomic():
        for organisation, values in rows:
            post = post_create(actor=actor, organisation=organisation, values=values, on_behalf_street=actor.street)
            summary.created += 1
            summary.moderation += post.status == S.MODERATION
            name = str(post.street)
            posts, openings = summary.by_street.get(name, (0, 0))
            summary.by_street[name] = (posts + 1, openings + post.openings)
    return summary


def posts_import_job_work(job: ImportJob, progress: Callable[[int, str], None]) -> dict[str, Any]:
    """The work of a street's queued vacancy list (run by ``wengang.imports``): every row checked,
    then all saved or none. A bad file, or any bad row, refuses the whole list with every row's reason."""
    progress(10, "检查每一行")
    with job.file.open("rb") as upload:
        try:
            rows, errors = importer.read(upload)
        except importer.ImportFileError as err:
            raise ImportRefused(str(err)) from err
    if errors:
        raise ImportRefused(
            f"未导入：{len(errors)} 行有误", rejects=[{"row": e.row, "reason": e.message} for e in errors]
        )
    progress(60, "保存岗位")
    try:
        summary = posts_import(actor=job.created_by, rows=[(organisation, values) for _, organisation, values in rows])
    except (PostRefused, PostError) as err:
        raise ImportRefused(f"未导入：{err}") from err
    return {
        "created": summary.created,
        "details": {
            "moderation": summary.moderation,
            # a list, so the streets keep their order in a JSON column
            "by_street": [[name, posts, openings] for name, (posts, openings) in summary.by_street.items()],
        },
    }
