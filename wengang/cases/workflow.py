"""One case mechanism for every workflow: states, moves, guards, the one transition, next moves.

An app declares its workflow as data — a status enum with Chinese labels and a table of moves,
each with the parties that may make it, whether a reason is required, and named guards — and
:func:`transition` does the rest, the same way for every case type:

    atomic → lock the row → unchanged since the actor saw it? → is the move in the table? → may this actor make it? → reason given? →
    guards → the move's effect → conditional ``UPDATE … WHERE status = <from>`` → append one
    ``CaseEvent`` (the audit trail) → after commit, hand it to the outbox (``cases.outbox``).

A refused move raises :class:`TransitionError` with a Chinese message and writes nothing.

Adding a case type needs a model with a ``status`` field, a workflow declaration, permission
functions and views — nothing copied. The smallest real example is the internship base
(``wengang/placements/workflow.py``)::

    BASES = Workflow(
        InternshipBase,
        parties=lambda user, base: {"reviewer"} if permissions.can_review_base(user) else set(),
        refused="您不能办理“{move}”",
        moves=[
            Move(B.PENDING, B.APPROVED, "认定为见习基地", by="reviewer"),
            Move(B.PENDING, B.REJECTED, "不予认定", by="reviewer", reason=True),
        ],
    )

    def base_transition(*, internship_base, to, actor, comment=""):
        return transition(BASES, internship_base, to=to, actor=actor, reason=comment)

Its detail page draws its buttons from ``next_moves(BASES, base, request.user)`` with the shared
``cases/_actions.html``, and its history with ``cases/_timeline.html``. Its model inherits
``cases.fields.CaseRecord`` (timestamps and the ``changes`` history) and declares
``status = fields.status(BaseStatus, default=BaseStatus.PENDING)``. The same move from several
states is one line: ``*Move.each((P.DECLARED, P.DISPUTED), P.WITHDRAWN, "撤回申报", by="agency")``.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .models import CaseEvent
from .steps import Step

if TYPE_CHECKING:
    from wengang.accounts.models import User

    from .outbox import Message

#: the party of moves the service makes by itself (actor ``None``): expiry, automatic close
SYSTEM = "system"


class TransitionError(Exception):
    """The move is not allowed now (wrong state, wrong person, missing reason, or a guard). Chinese."""


@dataclass(frozen=True)
class Guard:
    """A named condition a move needs: ``check(case, actor)`` returns why not (Chinese), or ``None``.

    ``on_input`` guards check what the actor submits with the move (dates, numbers): they are
    checked by :func:`transition` but not by :func:`next_moves`, since the input is not there yet.
    """

    name: str
    check: Callable[[Any, Any], str | None]
    on_input: bool = False


@dataclass(frozen=True)
class Effect:
    """What a move writes besides the status: fields of the case's row, and a note for the audit row."""

    fields: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    """One allowed move from ``frm`` to ``to``: its Chinese name, who may make it (party names,
    space-separated), whether a reason is required, its guards and its effect."""

    frm: str
    to: str
    label: str
    by: str
    reason: bool = False
    guards: tuple[Guard, ...] = ()
    effect: Callable[[Any, Any, str], Effect] | None = None

    @property
    def parties(self) -> frozenset[str]:
        return frozenset(self.by.split())

    @classmethod
    def each(cls, sources: Iterable[str], to: str, label: str, **how: Any) -> list[Move]:
        """The same move (label, parties, reason, guards, effect) from each of several states:
        ``*Move.each((S.DRAFT, S.SUBMITTED), S.WITHDRAWN, "撤回", by=APPLICANT)``."""
        return [cls(frm, to, label, **how) for frm in sources]


def roles(user: User, case: Any) -> set[str]:
    """The default parties: the user's role (``enterprise``, ``reviewer``…)."""
    return {str(user.role)}


class Workflow:
    """A case type's states and moves, declared once; see the module docstring."""

    def __init__(
        self,
        model: type[models.Model],
        *,
        moves: Iterable[Move],
        parties: Callable[[Any, Any], set[str]] = roles,
        refused: str = "“{role}”不能办理“{move}”",
        guards: Sequence[Guard] = (),
        notify: Callable[[CaseEvent, Any], list[Message]] | None = None,
        noun: str = "该案件",
        unlisted: str = "当前状态“{frm}”不能变更为“{to}”",
        steps: Sequence[Step] = (),
    ) -> None:
        self.model = model
        #: the states and their Chinese labels: the choices of the model's ``status`` field
        status = model._meta.get_field("status")
        assert isinstance(status, models.Field), f"{model} has no status field"
        self.states: dict[str, str] = {str(k): str(v) for k, v in status.flatchoices}
        self.moves: dict[tuple[str, str], Move] = {}
        for move in moves:
            assert (move.frm, move.to) not in self.moves, f"{move.frm} → {move.to} declared twice"
            self.moves[(move.frm, move.to)] = move
        self.parties = parties
        self.refused = refused
        self.guards = tuple(guards)
        self.notify = notify
        self.noun = noun
        self.unlisted = unlisted
        #: the step tracker of the case page (``cases.steps``)
        self.steps = tuple(steps)
        for s in self.steps:
            assert s.states <= self.states.keys(), f"{s.label}: unknown states {s.states - self.states.keys()}"
        _REGISTRY[model._meta.label_lower] = self

    def label_of(self, status: str) -> str:
        return self.states.get(status, status)

    def moves_from(self, status: str) -> list[Move]:
        return [move for (frm, _), move in self.moves.items() if frm == status]

    def parties_of(self, actor: User | None, case: Any) -> set[str]:
        return {SYSTEM} if actor is None else self.parties(actor, case)

    def refusal(self, move: Move, actor: User | None, case: Any) -> str | None:
        """Why ``actor`` may not make ``move`` on ``case`` now (state-based guards only), or None."""
        if not move.parties & self.parties_of(actor, case):
            if actor is None:
                return "该操作须由工作人员或申请人办理"
            return self.refused.format(role=actor.get_role_display(), move=move.label)
        for guard in (*self.guards, *move.guards):
            if not guard.on_input:
                problem = guard.check(case, actor)
                if problem:
                    return problem
        return None


_REGISTRY: dict[str, Workflow] = {}


def workflow_for(model: type[models.Model] | None) -> Workflow:
    assert model is not None
    return _REGISTRY[model._meta.label_lower]


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def transition(
    workflow: Workflow,
    case: Any,
    *,
    to: str,
    actor: User | None,
    reason: str = "",
    fields: dict[str, Any] | None = None,
    change: Callable[[Any], dict[str, Any]] | None = None,
) -> CaseEvent:
    """Move ``case`` to ``to``: the only way any case's status changes.

    ``fields`` are set on the locked row before the guards (input the move needs, e.g. a permit
    number); ``change`` runs after them and returns further fields to save (e.g. the frozen
    decision) — it may raise :class:`TransitionError`. Returns the audit row.
    """
    model = workflow.model
    reason = reason.strip()
    with transaction.atomic():
        locked: Any = model._default_manager.select_for_update().get(pk=case.pk)
        frm = locked.status
        if frm != case.status:
            # someone else moved it after this person's page was loaded: they decided on what they saw
            raise TransitionError(f"{workflow.noun}已被他人处理，请刷新后重试")
        values = dict(fields or {})
        problem, move = _refused(workflow, locked, to=to, actor=actor, reason=reason, fields=values)
        if problem is not None:
            raise TransitionError(problem)
        assert move is not None
        effect = move.effect(locked, actor, reason) if move.effect else Effect()
        values.update(effect.fields)
        if change is not None:
            values.update(change(locked))
        if _has_field(model, "updated_at"):
            values.setdefault("updated_at", timezone.now())
        updated = model._default_manager.filter(pk=locked.pk, status=frm).update(status=to, **values)
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
            raise TransitionError(f"{workflow.noun}已被他人处理，请刷新后重试")
        event = CaseEvent.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            actor=actor,
            from_status=frm,
            to_status=to,
            move=move.label,
            reason=reason,
            payload=effect.payload,
        )
        if workflow.notify is not None:
            from .outbox import dispatch

            transaction.on_commit(lambda: dispatch(event.pk), robust=True)
    case.refresh_from_db()
    return event


def _refused(
    workflow: Workflow, case: Any, *, to: str, actor: User | None, reason: str, fields: dict[str, Any]
) -> tuple[str | None, Move | None]:
    """Why the move to ``to`` may not be made (every check of :func:`transition`, guards on input
    included, after setting ``fields`` on ``case``), or None with the move."""
    frm = case.status
    move = workflow.moves.get((frm, to))
    if move is None:
        return workflow.unlisted.format(frm=workflow.label_of(frm), to=workflow.label_of(to)), None
    if not move.parties & workflow.parties_of(actor, case):
        return workflow.refusal(move, actor, case) or "无权进行此操作", move
    if move.reason and not reason.strip():
        return f"“{move.label}”须填写理由", move
    for name, value in fields.items():
        setattr(case, name, value)
    for guard in (*workflow.guards, *move.guards):
        problem = guard.check(case, actor)
        if problem:
            return problem, move
    return None, move


def check(
    workflow: Workflow,
    case: Any,
    *,
    to: str,
    actor: User | None,
    reason: str = "",
    fields: dict[str, Any] | None = None,
) -> str | None:
    """Why :func:`transition` would refuse this move with this input now, or None; writes nothing
    and leaves ``case`` unchanged. For a confirmation page: never ask to confirm a move that fails."""
    probe = copy.copy(case)
    probe._state = copy.copy(case._state)
    probe._state.fields_cache = {}  # don't share cached relations written by the guards
    return _refused(workflow, probe, to=to, actor=actor, reason=reason, fields=dict(fields or {}))[0]


def record_event(
    workflow: Workflow,
    case: Any,
    *,
    actor: User | None,
    to: str,
    label: str = "",
    at: dt.datetime | None = None,
    on: dt.date | None = None,
) -> CaseEvent:
    """Append the first event of a case that is created in a state (a filing that starts
    ``submitted``); ``at``/``on`` for demo data dated in the past."""
    event = CaseEvent.objects.create(
        content_type=ContentType.objects.get_for_model(workflow.model),
        object_id=case.pk,
        actor=actor,
        to_status=to,
        move=label,
        **({"at": at} if at else {}),
        **({"on": on} if on else {}),
    )
    if workflow.notify is not None:
        from .outbox import dispatch

        transaction.on_commit(lambda: dispatch(event.pk), robust=True)
    return event


def record_note(
    workflow: Workflow, case: Any, *, actor: User | None, label: str, reason: str = "", payload: dict[str, Any] | None = None
) -> CaseEvent:
    """Append an event that does not move the case (a reviewer's mark on one material): the
    audit trail records it, the outbox does not announce it (its state did not change)."""
    status = str(case.status)
    return CaseEvent.objects.create(
        content_type=ContentType.objects.get_for_model(workflow.model),
        object_id=case.pk,
        actor=actor,
        from_status=status,
        to_status=status,
        move=label,
        reason=reason,
        payload=payload or {},
    )


@dataclass(frozen=True)
class NextMove:
    """A move the actor can make now, for a button: target state, label, whether a reason is asked."""

    to: str
    label: str
    reason: bool
    to_label: str


def next_moves(workflow: Workflow, case: Any, actor: User | None) -> list[NextMove]:
    """The moves ``actor`` can make on ``case`` now (parties and state-based guards evaluated)."""
    return [
        NextMove(move.to, move.label, move.reason, workflow.label_of(move.to))
        for move in workflow.moves_from(case.status)
        if workflow.refusal(move, actor, case) is None
    ]


@dataclass(frozen=True)
class BlockedMove:
    """A move the actor could make in this state but a guard refuses now, with the reason (Chinese)."""

    to: str
    label: str
    why: str


def blocked_moves(workflow: Workflow, case: Any, actor: User | None) -> list[BlockedMove]:
    """The moves of ``actor``'s parties from the case's state that a state-based guard refuses now:
    shown disabled with the reason instead of a button that would fail."""
    parties = workflow.parties_of(actor, case)
    out = []
    for move in workflow.moves_from(case.status):
        if move.parties & parties:
            why = workflow.refusal(move, actor, case)
            if why is not None:
                out.append(BlockedMove(move.to, move.label, why))
    return out


def history(case: models.Model) -> models.QuerySet[CaseEvent]:
    """The case's events, oldest first (its 办理记录)."""
    return CaseEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(case)), object_id=case.pk
    ).select_related("actor")
