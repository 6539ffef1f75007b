"""待办 (issue 12): what needs this person's action now, over every case type, for the landing page.

Reads only (a selector): one query per case type, filtered in the database by the role's scope —
an organisation's own cases, a department's queue, the municipal group's joint reviews — so an
enterprise never sees another's data. Each item carries its due date; the list puts overdue and
due-soon items first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, DateField, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse

from wengang.assistance.selectors import waiting_for_street
from wengang.cases.models import CaseEvent
from wengang.cases.workflow import next_moves
from wengang.clock import today
from wengang.jobs import selectors as jobs_selectors
from wengang.jobs.models import JobPost, PostStatus
from wengang.keyservice import selectors as keyservice_selectors
from wengang.keyservice.models import NeedStatus
from wengang.layoffs.models import LayoffReport
from wengang.layoffs.models import Status as LayoffStatus
from wengang.ops.prepared import Prepared, as_date
from wengang.permits.models import PermitCase
from wengang.permits.models import Status as PermitStatus
from wengang.subsidies.models import Application
from wengang.subsidies.models import Status as S
from wengang.subsidies.services import review
from wengang.subsidies.workflow import APPLICATIONS

from . import permissions
from .models import Role, User

#: a due date this close (calendar days) counts as 即将到期
DUE_SOON_DAYS = 3
#: decisions of the last this many days are offered to read
RECENT_DECISION_DAYS = 30
#: at most this many items per list
LIMIT = 10
#: an open case on which this person has no move now: whom it waits for
WAITING = {
    S.SUBMITTED: "等待受理",
    S.DEFICIENT: "等待申请人补正",
    S.DISTRICT_REVIEW: "等待区级审核",
    S.MUNICIPAL_REVIEW: "等待市审核小组联审",
}


@dataclass(frozen=True)
class Todo:
    """One thing to do: which case, what to do, by when."""

    kind: str  # 补贴申请, 行政许可, …
    reference: str
    action: str  # what to do, in words
    status: str  # the case's state, in words
    url: str
    due: dt.date | None = None
    on: dt.date | None = None

    @property
    def days_left(self) -> int | None:
        if self.due is None or self.on is None:
            return None
        return (self.due - self.on).days

    @property
    def countdown(self) -> str:
        left = self.days_left
        if left is None:
            return ""
        if left < 0:
            return f"已逾期 {-left} 天"
        if left == 0:
            return "今天到期"
        return f"还剩 {left} 天"

    @property
    def urgency(self) -> str:
        """overdue, soon or later: the item's badge."""
        left = self.days_left
        if left is None:
            return "later"
        if left < 0:
            return "overdue"
        return "soon" if left <= DUE_SOON_DAYS else "later"


def _ordered(items: list[Todo]) -> list[Todo]:
    """Overdue and due-soon first, then by due date; items without a due date last."""
    return sorted(items, key=lambda t: (t.due is None, t.due or dt.date.max, t.reference))


# ---- applicants ------------------------------------------------------------------------------


#: what an applicant does on each of its cases, by case type and state
_APPLICATION_ACTION = {
    S.DEFICIENT: "补正容缺材料",
    S.RETURNED: "按退回意见修改后重新提交",
    S.DRAFT: "完成草稿并提交",
    S.APPROVED: "查看审核决定",
    S.REJECTED: "查看审核决定",
    S.CLOSED: "查看关闭原因",
}
_PERMIT_ACTION = {PermitStatus.E_APPROVED: "寄送或递交纸质材料", PermitStatus.PUBLISHED: "预约领取审批结果"}
_LAYOFF_ACTION = {LayoffStatus.DRAFT: "完成并提交裁减人员报告", LayoffStatus.RETURNED: "按退回意见补正后重新报告"}
#: the row kinds of the applicant's to-do query, in the order the list was built
_APPLICATION, _PERMIT, _LAYOFF, _POST = range(4)


def _todo_columns(queryset: QuerySet[Any], kind: int, reference: Any, policy: Any, due: Any) -> QuerySet[Any]:
    """The applicant's to-do query's columns, the same in each case type's part of the UNION ALL."""
    columns: QuerySet[Any] = queryset.annotate(
        t_kind=Value(kind, output_field=IntegerField()),
        t_pk=F("pk"),
        t_reference=reference,
        t_policy=policy,
        t_status=F("status"),
        t_due=due,
    ).values_list("t_kind", "t_pk", "t_reference", "t_policy", "t_status", "t_due")
    return columns


def _organisation_todo_query(org: int, decided_since: dt.date, deadline_by: dt.date) -> list[QuerySet[Any]]:
    """One organisation's cases that wait for it, per case type: its own rows only (every part is
    filtered by ``organisation_id``), each part ordered and bounded as the list shows it."""
    no_text = Value("", output_field=CharField())
    no_date = Cast(Value(None), output_field=DateField())
    apps = Application.objects.filter(organisation_id=org).filter(
        Q(status__in=(S.DEFICIENT, S.RETURNED, S.DRAFT))
        | Q(status__in=(S.APPROVED, S.REJECTED, S.CLOSED), decided_at__date__gte=decided_since)
    )
    permits = PermitCase.objects.filter(organisation_id=org, status__in=list(_PERMIT_ACTION))
    reports = LayoffReport.objects.filter(organisation_id=org, status__in=list(_LAYOFF_ACTION))
    posts = JobPost.objects.filter(organisation_id=org).filter(
        Q(status__in=(PostStatus.DRAFT, PostStatus.REJECTED)) | Q(status=PostStatus.PUBLISHED, deadline__lte=deadline_by)
    )
    return [
        _todo_columns(apps, _APPLICATION, F("reference"), F("subsidy_type__policy"), review.open_deficiency_due())
        .order_by("pk")[: LIMIT * 2],
        _todo_columns(permits, _PERMIT, F("reference"), no_text, no_date).order_by("pk")[:LIMIT],
        _todo_columns(reports, _LAYOFF, no_text, no_text, no_date).order_by("pk")[:LIMIT],
        _todo_columns(posts, _POST, F("title"), no_text, F("deadline")).order_by("deadline", "pk")[:LIMIT],
    ]


#: compiled once per process: one round trip for the four case types (issue 11, load)
ORGANISATION_TODOS = Prepared(_organisation_todo_query, int, dt.date, dt.date)


def organisation_todos(user: User) -> list[Todo]:
    """An enterprise's or agency's own cases that wait for it: 容缺 due, returned, drafts, decisions
    to read, paper materials to send, permits to collect, layoff reports to finish, job posts."""
    if user.organisation_id is None:
        return []
    on = today()
    rows = ORGANISATION_TODOS.rows(
        user.organisation_id, on - dt.timedelta(RECENT_DECISION_DAYS), on + dt.timedelta(days=7)
    )
    items: list[Todo] = []
    for kind, pk, reference, policy, status, due_value in rows:
        due = as_date(due_value)
        if kind == _APPLICATION:
            items.append(
                Todo(
                    kind=f"补贴申请 {policy}",
                    reference=reference,
                    action=_APPLICATION_ACTION.get(S(status), "查看"),
                    status=S(status).label,
                    url=reverse("subsidies:apply_detail", args=[pk]),
                    due=due if status == S.DEFICIENT else None,
                    on=on,
                )
            )
        elif kind == _PERMIT:
            permit = PermitStatus(status)
            url = reverse("permits:detail", args=[pk])
            items.append(Todo("行政许可", reference, _PERMIT_ACTION[permit], permit.label, url, on=on))
        elif kind == _LAYOFF:
            layoff = LayoffStatus(status)
            url = reverse("layoffs:detail", args=[pk])
            items.append(Todo("裁减人员报告", f"报告 {pk}", _LAYOFF_ACTION[layoff], layoff.label, url, on=on))
        else:
            published = status == PostStatus.PUBLISHED
            items.append(
                Todo(
                    kind="招聘岗位",
                    reference=reference,
                    action="岗位即将截止，如仍招聘请延期" if published else "修改后发布",
                    status=PostStatus(status).label,
                    url=reverse("jobs:mine"),
                    due=due if published else None,
                    on=on,
                )
            )
    return _ordered(items)


# ---- street offices ---------------------------------------------------------------------------


def street_todos(user: User) -> list[Todo]:
    """A street office's 待办: its firms' job posts to moderate, the vacancies it collected and posted
    for firms (sent back, or closing soon), its key enterprises' follow-ups due and the needs pushed to
    it that are still short of people. Only its own street's."""
    if user.role != Role.STREET or user.street_id is None:
        return []
    on = today()
    items: list[Todo] = []
    for post in jobs_selectors.moderation_queue(user.street_id)[:LIMIT]:
        items.append(
            Todo(
                kind="招聘岗位审核",
                reference=f"{post.organisation.name} {post.title}",
                action="审核岗位用语",
                status=post.get_status_display(),
                url=reverse("jobs:moderation"),
                on=on,
            )
        )
    soon = on + dt.timedelta(days=7)
    collected = JobPost.objects.filter(on_behalf_street_id=user.street_id).filter(
        Q(status=PostStatus.REJECTED) | Q(status=PostStatus.PUBLISHED, deadline__gte=on, deadline__lte=soon)
    )
    for post in collected.select_related("organisation").order_by("deadline", "pk")[:LIMIT]:
        published = post.status == PostStatus.PUBLISHED
        items.append(
            Todo(
                kind="代发岗位",
                reference=f"{post.organisation.name} {post.title}",
                action="岗位即将截止，向企业确认是否延期" if published else "按审核意见修改后重新提交",
                status=post.get_status_display(),
                url=reverse("jobs:edit", args=[post.pk]),
                due=post.deadline if published else None,
                on=on,
            )
        )
    for entry in keyservice_selectors.due_followups(user, on)[:LIMIT]:
        items.append(
            Todo(
                kind="重点企业跟进",
                reference=entry.organisation.name,
                action=f"跟进：{entry.next_step}" if entry.next_step else "跟进重点企业",
                status=f"责任人 {entry.responsible.display_name}",
                url=reverse("keyservice:enterprise", args=[entry.organisation_id]),
                due=entry.follow_up_on,
                on=on,
            )
        )
    items += _individual_todos(user, on)
    for need in keyservice_selectors.pushed_needs(user).filter(status=NeedStatus.OPEN).order_by("pk")[:LIMIT]:
        items.append(
            Todo(
                kind="重点企业用工需求",
                reference=f"{need.organisation.name} {need.post}",
                action=f"协助招聘，尚缺 {need.open_count} 人",
                status=need.get_status_display(),
                url=reverse("keyservice:need", args=[need.pk]),
                on=on,
            )
        )
    # 就业援助 (N13, N15): applications to confirm and monthly claims to review
    for w in waiting_for_street(user.street_id, LIMIT):
        items.append(Todo(kind=w.kind, reference=w.reference, action=w.action, status=w.status, url=w.url, on=on))
    return _ordered(items)


def _individual_todos(user: User, on: dt.date) -> list[Todo]:
    """The street's 失业登记 to confirm and 失业保险金 claims to review (N8)."""
    from wengang.individuals import selectors as individuals_selectors

    registrations, claims = individuals_selectors.street_queue(user)
    items = _todos(
        registrations[:LIMIT], "失业登记", "individuals:registration", on,
        lambda r: (f"{r.reference} {r.person.display_name}", "确认失业登记"),
    )
    items += _todos(
        claims.filter(status="submitted")[:LIMIT], "失业保险金申领", "individuals:claim", on,
        lambda c: (f"{c.reference} {c.person.display_name}", "审核申领"),
    )
    return items


def _todos(
    cases: Iterable[Any], kind: str, detail: str, on: dt.date, what: Callable[[Any], tuple[str, str]]
) -> list[Todo]:
    """A Todo per case of one type with no due date: ``what(case)`` gives its reference and the action."""
    return [
        Todo(
            kind=kind,
            reference=reference,
            action=action,
            status=case.get_status_display(),
            url=reverse(detail, args=[case.pk]),
            on=on,
        )
        for case in cases
        for reference, action in [what(case)]
    ]


# ---- staff ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffDesk:
    """A reviewer's or the municipal group's desk: the open cases by deadline, counts, recent work."""

    todos: list[Todo]
    counts: list[tuple[str, str, int]]
    open_count: int
    recent: list[CaseEvent]


def staff_desk(user: User) -> StaffDesk | None:
    """The subsidy queue's open cases (overdue first) plus the filings this department handles."""
    if not (permissions.is_reviewer(user) or permissions.is_municipal(user) or permissions.is_admin(user)):
        return None
    if permissions.is_reviewer(user) and user.department_id is None:
        return None
    on = today()
    queue = review.queue_filter(review.queue_for(user), review.QueueFilter(), on)
    items: list[Todo] = []
    for app in queue[:LIMIT]:
        due = getattr(app, "deficiency_due", None) if app.status == S.DEFICIENT else review.review_due(app)
        # what this person can do on it now, from the case core (bounded: LIMIT rows)
        moves = "、".join(m.label for m in next_moves(APPLICATIONS, app, user))
        items.append(
            Todo(
                kind=f"补贴申请 {app.subsidy_type.policy}",
                reference=f"{app.reference} {app.organisation.name}",
                action=f"可办理：{moves}" if moves else WAITING.get(S(app.status), "查看"),
                status=app.get_status_display(),
                url=reverse("subsidies:review_detail", args=[app.pk]),
                due=due,
                on=on,
            )
        )
    if permissions.is_reviewer(user) and user.department is not None and user.department.code == "labour-relations":

        def report(r: LayoffReport) -> tuple[str, str]:
            return f"报告 {r.pk} {r.organisation.name}", "受理并出具《收悉证明》"

        def permit(c: PermitCase) -> tuple[str, str]:
            return f"{c.reference} {c.organisation.name}", "审核电子材料"

        reports = LayoffReport.objects.filter(status=LayoffStatus.SUBMITTED).select_related("organisation")
        items += _todos(reports[:LIMIT], "裁减人员报告", "layoffs:detail", on, report)
        permits = PermitCase.objects.filter(status=PermitStatus.SUBMITTED).select_related("organisation")
        items += _todos(permits[:LIMIT], "行政许可", "permits:detail", on, permit)
    # newest first as people read them: by service date, then real time (the demo's 5月4日 moves were
    # loaded after its 6月1日 ones and came first)
    recent = list(CaseEvent.objects.filter(actor=user).order_by("-on", "-at", "-pk")[:5])
    counts, open_total = review.queue_counts(user)
    return StaffDesk(todos=_ordered(items), counts=counts, open_count=open_total, recent=recent)
