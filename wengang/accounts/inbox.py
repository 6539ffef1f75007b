"""The inbox (消息): a person's notices grouped by the case they concern, newest case first, with
the unread / kind filters of the URL. Reads only (a selector), always the user's own notices.

A notice that concerns no case (a reminder, a new internship-base application) is a thread of its
own. Grouping works on light rows (id, case, read) of the user's notices; only the page's threads
are loaded in full, with their cases, so a long history costs one narrow query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.urls import reverse

from wengang.cases.models import Notification

from . import permissions
from .models import User

PAGE_SIZE = 20
#: at most this many messages are listed under one thread (the newest)
THREAD_LIMIT = 50
#: the kind of a notice that concerns no case
OTHER = "other"
OTHER_LABEL = "其他通知"

Key = tuple[int | None, int | None, int | None]


@dataclass
class Thread:
    """One case's messages for this person: the newest first."""

    kind: str
    title: str
    notices: list[Notification]
    count: int
    unread: int
    link: str = ""
    link_text: str = ""
    case: Any = field(default=None, repr=False)

    @property
    def latest(self) -> Notification:
        return self.notices[0]


class InboxFilter(forms.Form):
    unread = forms.BooleanField(label="只看未读", required=False)
    kind = forms.ChoiceField(label="类别", required=False)

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "全部类别"), *kinds(user)]
        kind.error_messages["invalid_choice"] = "请从列表中选择类别"

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}

    def query(self) -> str:
        values = self.values()
        parts = []
        if values.get("unread"):
            parts.append("unread=on")
        if values.get("kind"):
            parts.append(f"kind={values['kind']}")
        return "&".join(parts)

    @property
    def active(self) -> bool:
        return bool(self.values())


def _kind_key(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def _kind_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model is not None else OTHER_LABEL


def kinds(user: User) -> list[tuple[str, str]]:
    """The kinds of case the user has messages about (for the filter), and 其他通知 if any."""
    ids = set(Notification.objects.filter(user=user).values_list("content_type_id", flat=True).distinct())
    out = sorted(
        ((_kind_key(ct), _kind_label(ct)) for ct in ContentType.objects.filter(pk__in=ids - {None})),
        key=lambda pair: pair[1],
    )
    if None in ids:
        out.append((OTHER, OTHER_LABEL))
    return out


def _notices(user: User, *, unread: bool = False, kind: str = "") -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if kind == OTHER:
        rows = rows.filter(content_type__isnull=True)
    elif kind:
        app_label, _, model = kind.partition(".")
        rows = rows.filter(content_type__app_label=app_label, content_type__model=model)
    return rows


@dataclass(frozen=True)
class Inbox:
    page: Page[Key]
    threads: list[Thread]
    messages: int
    unread: int


def inbox(user: User, *, unread: bool = False, kind: str = "", page: Any = 1) -> Inbox:
    """The user's threads in the filter, newest message first, one page of ``PAGE_SIZE``."""
    # newest first as people read them (``moment``): by service date, then real time
    rows = _notices(user, unread=unread, kind=kind).order_by("-on", "-created_at", "-id")
    groups: dict[Key, list[tuple[int, bool]]] = {}
    for pk, ct, obj, read_at in rows.values_list("id", "content_type_id", "object_id", "read_at"):
        key: Key = (ct, obj, None) if ct is not None else (None, None, pk)
        groups.setdefault(key, []).append((pk, read_at is None))
    current = Paginator(list(groups), PAGE_SIZE).get_page(page)
    wanted = [pk for key in current.object_list for pk, _ in groups[key][:THREAD_LIMIT]]
    loaded = {n.pk: n for n in Notification.objects.filter(pk__in=wanted).prefetch_related("case")}
    threads = []
    for key in current.object_list:
        notices = [loaded[pk] for pk, _ in groups[key][:THREAD_LIMIT]]
        threads.append(_thread(user, notices, count=len(groups[key]), unread=sum(u for _, u in groups[key])))
    return Inbox(
        page=current,
        threads=threads,
        messages=sum(len(g) for g in groups.values()),
        unread=Notification.objects.filter(user=user, read_at__isnull=True).count(),
    )


def _thread(user: User, notices: list[Notification], *, count: int, unread: int) -> Thread:
    latest = notices[0]
    case = latest.case
    if latest.content_type_id is None:
        kind, title = OTHER_LABEL, latest.title
    else:
        kind = _kind_label(ContentType.objects.get_for_id(latest.content_type_id))
        reference = getattr(case, "reference", "") if case is not None else ""
        title = reference or latest.title
    link, link_text = link_for(user, case) if case is not None else ("", "")
    return Thread(kind=kind, title=title, notices=notices, count=count, unread=unread, link=link, link_text=link_text, case=case)


def mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; returns how many changed. Only ever
    the user's own: another person's notice is not found."""
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


# ---- where a message leads ------------------------------------------------------------------------


def _application(user: User, case: Any) -> tuple[str, str]:
    if not permissions.can_view_application(user, case):
        return "", ""
    if permissions.is_applicant(user):
        return reverse("subsidies:apply_detail", args=[case.pk]), f"查看申请 {case.reference}"
    return reverse("subsidies:review_detail", args=[case.pk]), f"查看申请 {case.reference}"


def _permit(user: User, case: Any) -> tuple[str, str]:
    from wengang.permits.permissions import can_view_case

    return (reverse("permits:detail", args=[case.pk]), "查看许可案件") if can_view_case(user, case) else ("", "")


def _layoff(user: User, case: Any) -> tuple[str, str]:
    from wengang.layoffs.permissions import can_view_report

    return (reverse("layoffs:detail", args=[case.pk]), "查看裁减人员报告") if can_view_report(user, case) else ("", "")


def _deferral(user: User, case: Any) -> tuple[str, str]:
    from wengang.deferral.permissions import can_view_deferral_application as can

    return (reverse("deferral:detail", args=[case.pk]), "查看延长缴费申请") if can(user, case) else ("", "")


def _need(user: User, case: Any) -> tuple[str, str]:
    from wengang.keyservice.permissions import can_view_need

    return (reverse("keyservice:need", args=[case.pk]), "查看用工需求") if can_view_need(user, case) else ("", "")


def _contact(user: User, case: Any) -> tuple[str, str]:
    from wengang.keyservice.permissions import can_view_contact

    if not can_view_contact(user, case):
        return "", ""
    return reverse("keyservice:enterprise", args=[case.organisation_id]), "查看企业"


def _placement(user: User, case: Any) -> tuple[str, str]:
    from wengang.placements.permissions import can_view_placement

    return (reverse("placements:detail", args=[case.pk]), "查看推荐上岗") if can_view_placement(user, case) else ("", "")


def _candidacy(user: User, case: Any) -> tuple[str, str]:
    from wengang.placements.permissions import can_open_post_candidates

    if not can_open_post_candidates(user, case.post):
        return "", ""
    return reverse("placements:post", args=[case.post_id]), "查看求职者"


def _base(user: User, case: Any) -> tuple[str, str]:
    from wengang.placements.permissions import can_view_base

    return (reverse("placements:base", args=[case.pk]), "查看见习基地申请") if can_view_base(user, case) else ("", "")


def _post(user: User, case: Any) -> tuple[str, str]:
    from wengang.jobs.permissions import can_view_post

    return (reverse("jobs:detail", args=[case.pk]), "查看岗位") if can_view_post(user, case, public=False) else ("", "")


def _push(user: User, case: Any) -> tuple[str, str]:
    from wengang.screening.push import can_answer

    return (reverse("screening:offer", args=[case.pk]), "查看免申即享") if can_answer(user, case) else ("", "")


LINKS: dict[str, Callable[[User, Any], tuple[str, str]]] = {
    "subsidies.application": _application,
    "permits.permitcase": _permit,
    "layoffs.layoffreport": _layoff,
    "deferral.deferralapplication": _deferral,
    "keyservice.need": _need,
    "keyservice.contactentry": _contact,
    "placements.placement": _placement,
    "placements.candidacy": _candidacy,
    "placements.internshipbase": _base,
    "jobs.jobpost": _post,
    "screening.push": _push,
}


def link_for(user: User, case: Model) -> tuple[str, str]:
    """The page of the case for this person, and the link's words; none when they may not open it."""
    follow = LINKS.get(case._meta.label_lower)
    return follow(user, case) if follow else ("", "")
