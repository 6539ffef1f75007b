"""Reviewing applications: the district reviewers' and the municipal group's decisions.

Every status change goes through :func:`wengang.subsidies.workflow.application_transition`;
these services add what a move needs on the locked row (the review deadline, the frozen
decision, the payment) and the records that go with it (容缺 items). Reads used by the
workbench (the queue and its deadlines) are here too, next to the writes they belong to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DateField, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from wengang import clock
from wengang.accounts import permissions
from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message, send
from wengang.cases.workflow import record_note
from wengang.clock import today
from wengang.ops.prepared import Prepared, as_date, compiled_once
from wengang.policy.explain import PolicyResult
from wengang.policy.params import ParameterError
from wengang.spreadsheets import ExportColumn, Kind, export

from ..models import (
    Application,
    Deficiency,
    Material,
    MaterialMark,
    MaterialRequirement,
    MunicipalReview,
    Payment,
    PaymentBatch,
    Status,
    SubsidyType,
)
from ..summary import summary_refresh
from ..workdays import add_working_days, working_days_between
from ..workflow import APPLICATIONS, TransitionError, application_transition
from .engine import frozen_decision, judge

S = Status
CENT = Decimal("0.01")
#: states in which the review deadline runs (容缺 waits for the applicant, returned too)
REVIEW_RUNNING = (S.SUBMITTED, S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW)
#: the cases still open on the staff side: what the queue opens on (issue 12), overdue first
OPEN_STATUSES = (S.SUBMITTED, S.DEFICIENT, S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW)
#: the queue filter's status value for every state, withdrawn and closed included
ALL = "all"
#: the states the workbench filters by, in the order of the workflow
QUEUE_STATUSES = (S.SUBMITTED, S.DEFICIENT, S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW, S.RETURNED, S.APPROVED)
#: reminders go out this many working days before a 容缺 due date
REMINDER_WORKING_DAYS = 2
CLOSE_COMMENT = "逾期未补正"
#: a clause id as the notice's numbering writes it: OP2.1(1), OP3.2, OP5, N14, I4, L.cond
CLAUSE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:OP[1-6]|N\d{1,2}|I\d|S\d{1,2}|D\d{1,2}|L)(?:\.[0-9a-z]+)*(?:\(\d+\))?(?![A-Za-z0-9])"
)


def cited_clauses(text: str) -> list[str]:
    """The clause ids a free-text reason cites, each once, in order (a bare "L" does not count)."""
    out: list[str] = []
    for match in CLAUSE_RE.finditer(text or ""):
        clause = match.group(0)
        if clause != "L" and clause not in out:
            out.append(clause)
    return out


# ---- deadlines ------------------------------------------------------------------------------


def submitted_on(application: Application) -> dt.date:
    """The submission date on the service's clock.

    ``submitted_at`` is a real timestamp; when the clock is set back for a demonstration the
    submission cannot lie after the clock's "today", so the earlier of the two is taken.
    """
    now = today()
    if application.submitted_at is None:
        return now
    return min(timezone.localdate(application.submitted_at), now)


def review_due_on(*, subsidy_type: SubsidyType, start: dt.date) -> dt.date:
    """The review deadline: the subsidy type's review time in working days after ``start``."""
    return add_working_days(start, subsidy_type.review_working_days)


def review_due(application: Application) -> dt.date | None:
    """The stored deadline, or the one the submission date gives while none is stored."""
    if application.review_due is not None:
        return application.review_due
    if application.status in REVIEW_RUNNING:
        return review_due_on(subsidy_type=application.subsidy_type, start=submitted_on(application))
    return None


def overdue_working_days(application: Application, on: dt.date | None = None) -> int:
    """Working days past the review deadline (0 when not overdue or the deadline does not run)."""
    due = review_due(application)
    on = on or today()
    if due is None or application.status not in REVIEW_RUNNING or due >= on:
        return 0
    return working_days_between(due, on)


def _set_review_due(application: Application) -> dict[str, Any]:
    if application.review_due is not None:
        return {}
    return {"review_due": review_due_on(subsidy_type=application.subsidy_type, start=submitted_on(application))}


@lru_cache(maxsize=64)  # every queue page asks it for each subsidy type: ~3,000 calendar steps a request
def _last_overdue_submission(working_days: int, on: dt.date) -> dt.date:
    """The latest submission date whose deadline lies before ``on`` (a function of the dates and the
    holiday calendar, which is read once per process)."""
    day = on - dt.timedelta(days=1)
    while add_working_days(day, working_days) >= on:
        day -= dt.timedelta(days=1)
    return day


def overdue_q(on: dt.date, waiting: Sequence[tuple[int, int, dt.date]] | None = None) -> Q:
    """Applications past their review deadline, stored or still to be stored at acceptance.

    ``waiting`` (:func:`_waiting`, when the caller has it) lists the subsidy types that have cases
    without a stored deadline; only those types need a cut-off date (the same rows, a query fewer)."""
    if waiting is None:
        types = {(t.pk, t.review_working_days) for t in SubsidyType.objects.all()}
    else:
        types = {(type_id, working_days) for type_id, working_days, _ in waiting}
    unset = Q(pk__in=[])
    for type_id, working_days in sorted(types):
        cutoff = _last_overdue_submission(working_days, on)
        unset |= Q(subsidy_type_id=type_id, submitted_at__date__lte=cutoff)
    return Q(status__in=REVIEW_RUNNING) & (Q(review_due__lt=on) | (Q(review_due__isnull=True) & unset))


# ---- the workbench queue --------------------------------------------------------------------


def _department_queue(department_id: int) -> QuerySet[Application]:
    """A reviewer's workbench: the department's applications, drafts excluded."""
    return Application.objects.exclude(status=S.DRAFT).filter(subsidy_type__department_id=department_id)


def _municipal_queue(user_id: int) -> QuerySet[Application]:
    """The municipal group's workbench: its joint reviews and what this member decided."""
    return Application.objects.exclude(status=S.DRAFT).filter(Q(status=S.MUNICIPAL_REVIEW) | Q(decided_by_id=user_id))


def _visible(user: User) -> QuerySet[Application]:
    """What the user's workbench lists: a reviewer's department (drafts excluded), the
    municipal group's joint reviews and what its member decided; all for an administrator."""
    if permissions.is_reviewer(user) and user.department_id is not None:
        return _department_queue(user.department_id)
    if permissions.is_municipal(user):
        return _municipal_queue(user.pk)
    base = Application.objects.exclude(status=S.DRAFT)
    if permissions.is_admin(user):
        return base
    return base.none()


def open_deficiency_due() -> Subquery:
    """The earliest due date of an application's unresolved 容缺 items (none: null), as a correlated
    subquery: a join with ``Min`` grouped the whole selected row (four tables) by every column, and
    made the queue's count a grouped subquery too (issue 11)."""
    return Subquery(
        Deficiency.objects.filter(application=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("application")
        .annotate(due=Min("due_date"))
        .values("due")[:1],
        output_field=DateField(),
    )


def queue_for(user: User) -> QuerySet[Application]:
    """The workbench's applications, with the earliest open 容缺 due date of each."""
    return (
        _visible(user)
        .select_related("organisation__street", "subsidy_type__department", "decided_by__department")
        .annotate(deficiency_due=open_deficiency_due())
    )


#: the states the municipal group's queue can hold: its joint reviews and what its member decided
MUNICIPAL_STATUSES = (S.MUNICIPAL_REVIEW, S.APPROVED, S.REJECTED, S.PAID)


def _by_status(applications: QuerySet[Application]) -> QuerySet[Any]:
    counts: QuerySet[Any] = applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    return counts


#: the grouped counts of the two common workbenches, compiled once per process (issue 11, load)
_DEPARTMENT_COUNTS = Prepared(lambda department_id: _by_status(_department_queue(department_id)), int)
_MUNICIPAL_COUNTS = Prepared(lambda user_id: _by_status(_municipal_queue(user_id)), int)


def queue_status_counts(user: User) -> dict[str, int]:
    """How many of the user's workbench cases are in each state (one grouped query)."""
    if permissions.is_reviewer(user) and user.department_id is not None:
        rows = _DEPARTMENT_COUNTS.rows(user.department_id)
    elif permissions.is_municipal(user):
        rows = _MUNICIPAL_COUNTS.rows(user.pk)
    else:
        rows = list(_by_status(_visible(user)))
    return {status: int(n) for status, n in rows}


def queue_counts(
    user: User, counts: Mapping[str, int] | None = None
) -> tuple[list[tuple[str, str, int]], int]:
    """The workbench's status tabs and its first tab's count from one query (issue 11: a query per
    count made the queue database-bound): ((status, label, count) per tab, in workflow order, only the
    tabs the user's queue can fill (issue 12: the municipal group saw district tabs); how many of the
    user's cases are still open on the staff side). ``counts``: :func:`queue_status_counts`, if at hand."""
    if counts is None:
        counts = queue_status_counts(user)
    statuses = MUNICIPAL_STATUSES if permissions.is_municipal(user) else QUEUE_STATUSES
    tabs = [(s.value, str(s.label), counts.get(s.value, 0)) for s in statuses]
    return tabs, sum(counts.get(s.value, 0) for s in OPEN_STATUSES)


def filtered_count(counts: Mapping[str, int], flt: QueueFilter) -> int | None:
    """How many cases :func:`queue_filter` lists for ``flt``, when the status counts say it (the filter
    is a state, all states or none: the open ones); None when another criterion narrows it."""
    if flt.subsidy_type is not None or flt.street_id or flt.overdue or flt.search.strip() or flt.decided:
        return None
    if flt.status == ALL:
        return sum(counts.values())
    if flt.status:
        return counts.get(flt.status, 0)
    return sum(counts.get(s.value, 0) for s in OPEN_STATUSES)


def status_counts(user: User) -> list[tuple[str, str, int]]:
    """(status, label, count) for the workbench's status tabs (see :func:`queue_counts`)."""
    return queue_counts(user)[0]


#: the statuses the queue's filter offers, in workflow order, then the finished ones
FILTER_STATUSES = (*QUEUE_STATUSES, S.REJECTED, S.PAID, S.CLOSED, S.WITHDRAWN)


def filter_statuses(user: User) -> tuple[Status, ...]:
    """The statuses the user's queue can hold, for its filter (the municipal group's only its own)."""
    return MUNICIPAL_STATUSES if permissions.is_municipal(user) else FILTER_STATUSES


def filter_subsidy_types(user: User) -> QuerySet[SubsidyType]:
    """The subsidy types the user's queue can hold: a reviewer's department's, the jointly reviewed
    ones for the municipal group, all for an administrator."""
    types = SubsidyType.objects.order_by("policy")
    if permissions.is_reviewer(user) and user.department_id is not None:
        return types.filter(department_id=user.department_id)
    if permissions.is_municipal(user):
        return types.exclude(municipal_review=MunicipalReview.NEVER)
    return types


def open_count(user: User) -> int:
    """How many of the user's cases are still open on the staff side (the queue's first tab)."""
    return queue_counts(user)[1]


def batch_actions_for(user: User) -> list[tuple[str, str]]:
    """The batch actions the workflow lets this user make on some case of the queue: the municipal
    group cannot 受理 (issue 12); a reviewer and the administrator may 受理 and 审核通过."""
    if permissions.is_municipal(user):
        return [("approve", BATCH_ACTIONS["approve"][0])]
    return [(key, label) for key, (label, _) in BATCH_ACTIONS.items()]


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    subsidy_type: SubsidyType | None = None
    street_id: int | None = None
    overdue: bool = False
    search: str = ""
    decided: bool = False


def queue_filter(
    queryset: QuerySet[Application],
    flt: QueueFilter,
    on: dt.date | None = None,
    waiting: Sequence[tuple[int, int, dt.date]] | None = None,
) -> QuerySet[Application]:
    on = on or today()
    if flt.status == ALL:
        pass
    elif flt.status:
        queryset = queryset.filter(status=flt.status)
    elif not flt.decided:
        # no status chosen: the open cases (issue 12: the queue opened on withdrawn and closed ones)
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if flt.subsidy_type is not None:
        queryset = queryset.filter(subsidy_type=flt.subsidy_type)
    if flt.street_id:
        queryset = queryset.filter(organisation__street_id=flt.street_id)
    if waiting is None:
        waiting = _waiting()
    if flt.overdue:
        queryset = queryset.filter(overdue_q(on, waiting))
    if flt.decided:
        queryset = queryset.filter(decided_at__isnull=False)
    text = flt.search.strip()
    if text:
        queryset = queryset.filter(
            Q(reference__icontains=text) | Q(organisation__name__icontains=text) | Q(organisation__uscc__iexact=text)
        )
    # overdue first, then by the nearest deadline (容缺 due, review due, or for a case awaiting 受理 the
    # review due its submission date gives), cases without one last; equal deadlines by submission, then id
    return queryset.annotate(
        queue_overdue=Case(When(overdue_q(on, waiting), then=Value(0)), default=Value(1), output_field=IntegerField()),
        queue_due=Coalesce("deficiency_due", "review_due", _unstored_review_due(on, waiting), output_field=DateField()),
    ).order_by("queue_overdue", F("queue_due").asc(nulls_last=True), "submitted_at", "pk")


#: the waiting list's query, compiled once per process; no ordering, so DISTINCT is over the three
#: columns only (the model's default ordering put ``created_at`` into it: a row per case, not per day)
_WAITING = Prepared(
    lambda: Application.objects.filter(status__in=REVIEW_RUNNING, review_due__isnull=True, submitted_at__isnull=False)
    .annotate(day=TruncDate("submitted_at"))
    .order_by()
    .values_list("subsidy_type_id", "subsidy_type__review_working_days", "day")
    .distinct()
)


def _scope(user: User) -> tuple[Any, ...]:
    """What :func:`_visible` makes of the user, as a key."""
    if permissions.is_reviewer(user) and user.department_id is not None:
        return ("department", user.department_id)
    if permissions.is_municipal(user):
        return ("municipal", user.pk)
    return ("all",) if permissions.is_admin(user) else ("none",)


def queue_page(user: User, flt: QueueFilter, start: int, stop: int, on: dt.date | None = None) -> list[Application]:
    """The ``start:stop`` slice of the user's queue in the filter (:func:`queue_filter`). Its SQL varies only
    with the user's scope, the filter, the date and the waiting list (a WHEN per subsidy type and day), so
    without a search text it is compiled once per process for these (issue 11, load: building and
    compiling the ORM query cost ~4 ms of CPU, as much as the rest of the view)."""
    on = on or today()
    waiting = _waiting()

    def build() -> QuerySet[Application]:
        return queue_filter(queue_for(user), flt, on, waiting)[start:stop]

    if flt.search.strip():
        return list(build())
    subsidy_type = flt.subsidy_type.pk if flt.subsidy_type is not None else None
    key = ("review-queue", _scope(user), flt.status, subsidy_type, flt.street_id, flt.overdue, flt.decided)
    return compiled_once((*key, on, tuple(waiting), start, stop), build)


def _waiting() -> list[tuple[int, int, dt.date]]:
    """(subsidy type, its review working days, submission day) of the cases whose review deadline is
    not stored yet (it is stored at 受理): a short list, one row per type and day, sorted."""
    rows = {(int(type_id), int(days), as_date(day)) for type_id, days, day in _WAITING.rows()}
    return sorted((type_id, days, day) for type_id, days, day in rows if day is not None)


def _unstored_review_due(on: dt.date, waiting: Sequence[tuple[int, int, dt.date]]) -> Case:
    """The review deadline of each case still awaiting 受理 (none is stored until then), as ``review_due``
    computes it: its subsidy type's working days after its submission date (on the service clock, never
    after ``on``). One ``When`` per subsidy type and submission day of the cases waiting (:func:`_waiting`),
    a short list: working days cannot be counted in SQL."""
    whens = [
        When(
            status__in=REVIEW_RUNNING,
            review_due__isnull=True,
            subsidy_type_id=type_id,
            submitted_at__date=day,
            then=Value(add_working_days(min(day, on), working_days)),
        )
        for type_id, working_days, day in waiting
    ]
    return Case(*whens, default=Value(None), output_field=DateField())


# ---- single moves ---------------------------------------------------------------------------


def application_accept(*, application: Application, actor: User, comment: str = "") -> CaseEvent:
    """受理: submitted → district review; the review deadline is fixed now if not yet set."""
    return application_transition(
        application=application, to=S.DISTRICT_REVIEW, actor=actor, comment=comment, change=_set_review_due
    )


@dataclass(frozen=True)
class MissingItem:
    """One item the applicant must supply: a checklist item, or a free-text description."""

    description: str
    requirement: MaterialRequirement | None = None


def application_accept_with_deficiencies(
    *, application: Application, actor: User, items: Sequence[MissingItem], note: str = ""
) -> list[Deficiency]:
    """容缺受理: submitted → deficient, every missing item listed at once with one due date
    (the subsidy type's 容缺 period in working days from today)."""
    if not items:
        raise TransitionError("请列出需补正的材料或事项")
    for item in items:
        if item.requirement is not None:
            if item.requirement.subsidy_type_id != application.subsidy_type_id:
                raise TransitionError(f"“{item.requirement.name}”不是本项补贴的材料")
            if item.requirement.essential:
                raise TransitionError(f"“{item.requirement.name}”是核心材料，不能容缺")
    due = add_working_days(today(), application.subsidy_type.deficiency_days)
    lines = [f"{n}. {item.description}" for n, item in enumerate(items, start=1)]
    comment = f"容缺受理，请于{due:%Y年%m月%d日}前补正：\n" + "\n".join(lines)
    if note.strip():
        comment += f"\n{note.strip()}"
    with transaction.atomic():
        application_transition(
            application=application, to=S.DEFICIENT, actor=actor, comment=comment, change=_set_review_due
        )
        created = [
            Deficiency.objects.create(
                application=application,
                requirement=item.requirement,
                description=item.description[:200],
                due_date=due,
                created_by=actor,
            )
            for item in items
        ]
        summary_refresh([application.pk])  # a 容缺 case is counted as one
        return created


# ---- marks on materials ----------------------------------------------------------------------

#: the states in which a reviewer marks materials (before a decision)
MARKABLE = (S.SUBMITTED, S.DEFICIENT, S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW)


def material_mark(*, material: Material, actor: User, mark: str, note: str = "") -> CaseEvent:
    """Mark one material 合格 or 需补正 (a note is required for 需补正); recorded in the case's
    办理记录 without moving it. Refused once the application is decided."""
    note = note.strip()
    if mark not in (MaterialMark.OK, MaterialMark.RESUPPLY):
        raise TransitionError("请选择“合格”或“需补正”")
    if mark == MaterialMark.RESUPPLY and not note:
        raise TransitionError("标记为需补正时，请写明需补正的内容")
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=material.application_id)
        if application.status not in MARKABLE:
            raise TransitionError(f"申请当前状态为“{Status(application.status).label}”，不能再标记材料")
        item = Material.objects.select_for_update().get(pk=material.pk)
        item.mark = mark
        item.mark_note = note if mark == MaterialMark.RESUPPLY else ""
        item.marked_by = actor
        item.marked_at = clock.now()
        item.save(update_fields=["mark", "mark_note", "marked_by", "marked_at"])
        label = MaterialMark(mark).label
        return record_note(
            APPLICATIONS,
            application,
            actor=actor,
            label=f"材料标记为{label}",
            reason=f"{item.display_name}：{label}" + (f"，{note}" if item.mark_note else ""),
            payload={"material": {"id": item.pk, "mark": mark}},
        )


def marked_for_resupply(application: Application) -> list[Material]:
    """The application's materials the reviewer marked 需补正, in checklist order."""
    return list(application.materials.filter(mark=MaterialMark.RESUPPLY).select_related("requirement"))


def application_confirm_supplied(
    *, application: Application, actor: User, deficiencies: Iterable[Deficiency]
) -> CaseEvent:
    """补正完毕: the reviewer confirms the listed items were supplied; deficient → district review.
    Fails, writing nothing, while any item stays open."""
    with transaction.atomic():
        ids = [d.pk for d in deficiencies if d.application_id == application.pk]
        Deficiency.objects.filter(pk__in=ids, resolved_at__isnull=True).update(resolved_at=clock.now())
        return application_transition(
            application=application, to=S.DISTRICT_REVIEW, actor=actor, comment="补正材料已核验"
        )


def application_return(*, application: Application, actor: User, reasons: str) -> CaseEvent:
    """退回修改, with the reasons the applicant is to act on."""
    return application_transition(application=application, to=S.RETURNED, actor=actor, comment=reasons)


def application_close(*, application: Application, actor: User, reason: str) -> CaseEvent:
    """逾期未补正，关闭: a reviewer closes a 容缺 case whose 补正 deadline has passed (the system does
    the same each night: ``deficiency_close_overdue``)."""
    return application_transition(application=application, to=S.CLOSED, actor=actor, comment=reason)


def application_escalate(*, application: Application, actor: User, reason: str = "") -> CaseEvent:
    """报市审核小组联审: always for types reviewed jointly (OP2); for the others (OP3) only when
    the reviewer flags a doubt, which must be stated."""
    subsidy = application.subsidy_type
    if subsidy.municipal_review == "on_doubt" and not reason.strip():
        raise TransitionError("报市审核小组须写明存疑事项")
    comment = reason.strip() or "按规定报市审核小组联审"

    def flag(locked: Application) -> dict[str, Any]:
        return {"doubt": True} if locked.subsidy_type.municipal_review == "on_doubt" else {}

    return application_transition(
        application=application, to=S.MUNICIPAL_REVIEW, actor=actor, comment=comment, change=flag
    )


def _judge(application: Application, on: dt.date) -> PolicyResult:
    """The engine's judgement, or a TransitionError when no parameter values cover ``on``."""
    try:
        return judge(application, on)
    except ParameterError as exc:
        raise TransitionError(f"{on:%Y-%m-%d} 没有可用的政策参数，不能作出决定：{exc}") from exc


def _decided(actor: User, comment: str) -> dict[str, Any]:
    return {"decided_at": clock.now(), "decided_by": actor, "decision_reasons": comment}


def application_approve(*, application: Application, actor: User, comment: str = "") -> CaseEvent:
    """审核通过: the engine judges the application today and its decision is frozen on the row,
    with the parameter values it used; the approved amount never changes afterwards."""
    on = today()

    def freeze(locked: Application) -> dict[str, Any]:
        result = _judge(locked, on)
        if result.status != "eligible":
            raise TransitionError(
                f"按政策规则，本申请“{result.status_text}”，不能审核通过；请核实申报数据或作出不予通过决定"
            )
        if result.amount is None:
            raise TransitionError("补贴金额尚不能确定，不能审核通过；请先核实申报数据")
        decision = {**frozen_decision(result), "decided_on": on.isoformat()}
        return {
            "decision": decision,
            "approved_amount": result.amount.quantize(CENT),
            **_decided(actor, comment.strip()),
        }

    return application_transition(application=application, to=S.APPROVED, actor=actor, comment=comment, change=freeze)


def application_reject(
    *, application: Application, actor: User, clauses: Sequence[str], reasons: str = ""
) -> CaseEvent:
    """不予通过, citing at least one clause id (ticked, or written in the reasons)."""
    cited = list(dict.fromkeys([*clauses, *cited_clauses(reasons)]))
    if not cited:
        raise TransitionError("不予通过须引用政策条款编号，例如 OP2.1(1)")
    comment = f"不予通过。依据：{'、'.join(cited)}。"
    if reasons.strip():
        comment += f"理由：{reasons.strip()}"
    on = today()

    def freeze(locked: Application) -> dict[str, Any]:
        decision = {**frozen_decision(_judge(locked, on)), "decided_on": on.isoformat(), "rejected_clauses": cited}
        return {"decision": decision, "approved_amount": None, **_decided(actor, comment)}

    return application_transition(application=application, to=S.REJECTED, actor=actor, comment=comment, change=freeze)


def application_record_payment(
    *,
    application: Application,
    actor: User,
    batch_reference: str,
    paid_on: dt.date,
    amount: Decimal,
    payment_reference: str,
    reason: str = "",
) -> Payment:
    """登记拨付: approved → paid with a payment in a batch. The amount is the approved amount
    unless a reason for the difference is given."""
    amount = amount.quantize(CENT)
    batch_reference = batch_reference.strip()
    payment_reference = payment_reference.strip()
    if amount <= 0:
        raise TransitionError("拨付金额须大于零")
    with transaction.atomic():
        batch, _ = PaymentBatch.objects.get_or_create(
            reference=batch_reference, defaults={"paid_on": paid_on, "created_by": actor}
        )
        if batch.paid_on != paid_on:
            raise TransitionError(f"批次 {batch.reference} 的拨付日期为 {batch.paid_on:%Y-%m-%d}，与所填日期不符")
        if Payment.objects.filter(reference=payment_reference).exists():
            raise TransitionError(f"支付流水号 {payment_reference} 已登记过")
        made: list[Payment] = []

        def pay(locked: Application) -> dict[str, Any]:
            if locked.approved_amount is None:
                raise TransitionError("本申请没有核定金额")
            if amount != locked.approved_amount and not reason.strip():
                raise TransitionError(
                    f"拨付金额 {amount:,.2f} 元与核定金额 {locked.approved_amount:,.2f} 元不一致，须说明理由"
                )
            made.append(
                Payment.objects.create(application=locked, batch=batch, amount=amount, reference=payment_reference)
            )
            return {}

        comment = f"批次 {batch_reference}，{paid_on:%Y-%m-%d} 拨付 {amount:,.2f} 元，支付流水号 {payment_reference}"
        if reason.strip():
            comment += f"。金额说明：{reason.strip()}"
        application_transition(application=application, to=S.PAID, actor=actor, comment=comment, change=pay)
        return made[0]


# ---- batch actions --------------------------------------------------------------------------


BATCH_ACTIONS: Mapping[str, tuple[str, Callable[..., CaseEvent]]] = {
    "accept": ("受理", application_accept),
    "approve": ("审核通过", application_approve),
}


@dataclass
class BatchLine:
    application: Application
    ok: bool
    message: str = ""
    amount: Decimal | None = None


class _DryRun(Exception):
    pass


def _refusal(user: User, application: Application, action: str) -> str:
    """Why the action cannot be applied now ("" when it can), found by trying it and rolling back,
    so the preview applies exactly the table, guards and engine check the real move will."""
    if not permissions.can_review(user, application):
        return "无权办理该申请"
    _, service = BATCH_ACTIONS[action]
    try:
        with transaction.atomic():
            service(application=Application.objects.get(pk=application.pk), actor=user)
            raise _DryRun
    except _DryRun:
        return ""
    except TransitionError as exc:
        return str(exc)


def batch_preview(*, user: User, applications: Iterable[Application], action: str) -> list[BatchLine]:
    """What a batch action would do to each application, with the amount it would approve."""
    lines = []
    for app in applications:
        reason = _refusal(user, app, action)
        amount = app.claimed_amount
        if action == "approve" and not reason:
            amount = _judge(app, today()).amount
        lines.append(BatchLine(app, not reason, reason, amount))
    return lines


def applications_batch(*, user: User, applications: Iterable[Application], action: str) -> list[BatchLine]:
    """Apply ``action`` to each application on its own; one failing does not undo the others."""
    _, service = BATCH_ACTIONS[action]
    lines = []
    for app in applications:
        if not permissions.can_review(user, app):
            lines.append(BatchLine(app, False, "无权办理该申请"))
            continue
        try:
            service(application=app, actor=user)
        except TransitionError as exc:
            lines.append(BatchLine(app, False, str(exc)))
        else:
            lines.append(BatchLine(app, True, "已办理", app.approved_amount if action == "approve" else None))
    return lines


# ---- 容缺 reminders and automatic close ------------------------------------------------------


def deficiency_send_reminders(*, on: dt.date | None = None) -> int:
    """Remind the organisation's users of 容缺 items due within two working days; each item is
    reminded once. Returns the number of notices created."""
    on = on or today()
    horizon = add_working_days(on, REMINDER_WORKING_DAYS)
    app_ids = (
        Deficiency.objects.filter(
            resolved_at__isnull=True,
            reminded_at__isnull=True,
            application__status=S.DEFICIENT,
            due_date__gte=on,
            due_date__lte=horizon,
        )
        .values_list("application_id", flat=True)
        .distinct()
    )
    created = 0
    for app_id in list(app_ids):
        created += _remind(app_id, on, horizon)
    return created


def _remind(app_id: int, on: dt.date, horizon: dt.date) -> int:
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("subsidy_type").get(pk=app_id)
        items = list(
            Deficiency.objects.filter(
                application=app,
                resolved_at__isnull=True,
                reminded_at__isnull=True,
                due_date__gte=on,
                due_date__lte=horizon,
            )
        )
        if app.status != S.DEFICIENT or not items:
            return 0
        title = f"{app.reference} {app.subsidy_type.get_policy_display()}：容缺事项即将到期"
        body = "以下事项请在期限内补正，逾期未补正的申请将被关闭：\n" + "\n".join(
            f"{n}. {d.description}（补正期限 {d.due_date:%Y年%m月%d日}）" for n, d in enumerate(items, start=1)
        )
        people = list(User.objects.filter(organisation_id=app.organisation_id, is_active=True))
        send(Message(title, body, people), case=app)
        Deficiency.objects.filter(pk__in=[d.pk for d in items]).update(reminded_at=clock.now())
        return len(people)


def deficiency_close_overdue(*, on: dt.date | None = None) -> list[Application]:
    """Close the applications whose 容缺 due date has passed with an item still open
    (deficient → closed by the system, comment "逾期未补正"). Returns those closed."""
    on = on or today()
    overdue = (
        Application.objects.filter(
            status=S.DEFICIENT, deficiencies__resolved_at__isnull=True, deficiencies__due_date__lt=on
        )
        .distinct()
        .order_by("pk")
    )
    closed = []
    for app in list(overdue):
        try:
            application_transition(application=app, to=S.CLOSED, actor=None, comment=CLOSE_COMMENT)
        except TransitionError:
            continue  # supplied or closed meanwhile
        closed.append(app)
    return closed


# ---- Excel exports of decisions and payments (written by ``wengang.spreadsheets.export``) -------

EXPORT_COLUMNS = (
    ExportColumn("申请编号", width=20),
    ExportColumn("单位名称", width=36),
    ExportColumn("统一社会信用代码", width=22),
    ExportColumn("补贴类型", width=30),
    ExportColumn("补贴期间", width=24),
    ExportColumn("状态"),
    ExportColumn("核定金额（元）", Kind.MONEY),
    ExportColumn("决定时间", Kind.DATETIME, width=18),
    ExportColumn("决定部门", width=20),
    ExportColumn("决定理由", width=60),
)


def _department(decider: User | None) -> str:
    if decider is None:
        return ""
    return decider.department.name if decider.department else "市审核小组"


def decisions_xlsx(applications: Iterable[Application]) -> bytes:
    """The decisions as an .xlsx workbook; amounts are number cells with the Decimal's digits."""
    rows = (
        [
            app.reference,
            app.organisation.name,
            app.organisation.uscc,
            str(app.subsidy_type),
            f"{app.period_start:%Y-%m-%d} 至 {app.period_end:%Y-%m-%d}",
            app.get_status_display(),
            app.approved_amount,
            app.decided_at,
            _department(app.decided_by),
            app.decision_reasons,
        ]
        for app in applications
    )
    return export(title="审核决定", columns=EXPORT_COLUMNS, rows=rows)


PAYMENT_COLUMNS = (
    ExportColumn("申请编号", width=20),
    ExportColumn("单位名称", width=36),
    ExportColumn("统一社会信用代码", width=22),
    ExportColumn("补贴类型", width=30),
    ExportColumn("核定金额（元）", Kind.MONEY),
    ExportColumn("拨付金额（元）", Kind.MONEY),
    ExportColumn("拨付日期", Kind.DATE, width=12),
    ExportColumn("拨付批次号", width=20),
    ExportColumn("支付流水号", width=24),
)


def payments_xlsx(applications: QuerySet[Application]) -> bytes:
    """The payments recorded for these applications (those without one are left out)."""
    paid = (
        Payment.objects.filter(application__in=applications)
        .select_related("application__organisation", "application__subsidy_type", "batch")
        .order_by("batch__paid_on", "application__reference", "id")
    )
    rows = (
        [
            p.application.reference,
            p.application.organisation.name,
            p.application.organisation.uscc,
            str(p.application.subsidy_type),
            p.application.approved_amount,
            p.amount,
            p.batch.paid_on,
            p.batch.reference,
            p.reference,
        ]
        for p in paid
    )
    return export(title="拨付记录", columns=PAYMENT_COLUMNS, rows=rows)
