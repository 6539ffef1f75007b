"""The three workflows as data: who may move a candidacy, a placement or an internship base from
which status to which. One transition service does lock → guard → change → append a status-change
row; a refused move leaves nothing written.

Who may act depends on the actor's relation to the record (a "party"), not only on the role: only
the enterprise a placement names may confirm it, only the agency that declared it may withdraw it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from wengang.accounts.models import User

from . import permissions
from .models import (
    BaseStatus,
    Candidacy,
    CandidacyChange,
    CandidacyStatus,
    InternshipBase,
    InternshipBaseChange,
    Placement,
    PlacementChange,
    PlacementStatus,
)

C, P, B = CandidacyStatus, PlacementStatus, BaseStatus


@dataclass(frozen=True)
class Move:
    parties: frozenset[str]
    label: str
    needs_comment: bool = False


def _m(parties: str, label: str, needs_comment: bool = False) -> Move:
    return Move(frozenset(parties.split()), label, needs_comment)


#: only the post's own firm decides hiring; no staff role moves a firm's candidates (issue 8)
EMPLOYER = "employer"
LEAVERS = "seeker recommender"

CANDIDACY_MOVES: dict[tuple[str, str], Move] = {
    (C.APPLIED, C.INTERVIEWING): _m(EMPLOYER, "约面试"),
    (C.RECOMMENDED, C.INTERVIEWING): _m(EMPLOYER, "约面试"),
    (C.APPLIED, C.NOT_HIRED): _m(EMPLOYER, "不予录用"),
    (C.RECOMMENDED, C.NOT_HIRED): _m(EMPLOYER, "不予录用"),
    (C.INTERVIEWING, C.HIRED): _m(EMPLOYER, "录用"),
    (C.INTERVIEWING, C.NOT_HIRED): _m(EMPLOYER, "不予录用"),
    (C.APPLIED, C.WITHDRAWN): _m(LEAVERS, "撤回"),
    (C.RECOMMENDED, C.WITHDRAWN): _m(LEAVERS, "撤回"),
    (C.INTERVIEWING, C.WITHDRAWN): _m(LEAVERS, "撤回"),
}

PLACEMENT_MOVES: dict[tuple[str, str], Move] = {
    (P.DECLARED, P.CONFIRMED): _m("enterprise", "确认上岗"),
    (P.DECLARED, P.DISPUTED): _m("enterprise", "提出异议", needs_comment=True),
    (P.DISPUTED, P.CONFIRMED): _m("enterprise", "确认上岗"),
    (P.DECLARED, P.WITHDRAWN): _m("agency", "撤回申报"),
    (P.DISPUTED, P.WITHDRAWN): _m("agency", "撤回申报"),
}

BASE_MOVES: dict[tuple[str, str], Move] = {
    (B.PENDING, B.APPROVED): _m("reviewer", "认定为见习基地"),
    (B.PENDING, B.REJECTED): _m("reviewer", "不予认定", needs_comment=True),
}


class TransitionError(Exception):
    """The move is not allowed now (wrong state, wrong person, or no reason given). Chinese message."""


def candidacy_parties(user: User, candidacy: Candidacy) -> set[str]:
    out = set()
    if candidacy.seeker_id is not None and candidacy.seeker_id == user.pk:
        out.add("seeker")
    if permissions.is_recommender(user, candidacy):
        out.add("recommender")
    if permissions.is_employer(user, candidacy):
        out.add("employer")
    return out


def placement_parties(user: User, placement: Placement) -> set[str]:
    out = set()
    if permissions.is_agency(user) and user.organisation_id == placement.agency_id:
        out.add("agency")
    if permissions.is_enterprise(user) and user.organisation_id == placement.enterprise_id:
        out.add("enterprise")
    return out


def base_parties(user: User, internship_base: InternshipBase) -> set[str]:
    return {"reviewer"} if permissions.can_review_base(user) else set()


def moves_for(table: dict[tuple[str, str], Move], status: str, parties: set[str]) -> list[tuple[str, Move]]:
    """The moves this party may make from ``status`` (for the buttons a page shows)."""
    return [(to, move) for (frm, to), move in table.items() if frm == status and move.parties & parties]


def _transition(
    *,
    record: Candidacy | Placement | InternshipBase,
    to: str,
    actor: User,
    comment: str,
    table: dict[tuple[str, str], Move],
    labels: type[models.TextChoices],
    parties_of: Callable[[User, Any], set[str]],
    change_model: type[models.Model],
    link: str,
) -> models.Model:
    model = type(record)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        frm = locked.status
        move = table.get((frm, to))
        if move is None:
            raise TransitionError(f"当前状态“{labels(frm).label}”不能变更为“{labels(to).label}”")
        if not move.parties & parties_of(actor, locked):
            raise TransitionError(f"您不能办理“{move.label}”")
        if move.needs_comment and not comment.strip():
            raise TransitionError(f"“{move.label}”须填写理由")
        model.objects.filter(pk=locked.pk).update(status=to, updated_at=timezone.now())
        change = change_model.objects.create(  # type: ignore[attr-defined]
            **{link: locked}, actor=actor, from_status=frm, to_status=to, comment=comment.strip()
        )
    record.refresh_from_db()
    return change  # type: ignore[no-any-return]


def candidacy_transition(*, candidacy: Candidacy, to: str, actor: User, comment: str = "") -> CandidacyChange:
    change = _transition(
        record=candidacy,
        to=to,
        actor=actor,
        comment=comment,
        table=CANDIDACY_MOVES,
        labels=CandidacyStatus,
        parties_of=candidacy_parties,
        change_model=CandidacyChange,
        link="candidacy",
    )
    assert isinstance(change, CandidacyChange)
    return change


def placement_transition(*, placement: Placement, to: str, actor: User, comment: str = "") -> PlacementChange:
    change = _transition(
        record=placement,
        to=to,
        actor=actor,
        comment=comment,
        table=PLACEMENT_MOVES,
        labels=PlacementStatus,
        parties_of=placement_parties,
        change_model=PlacementChange,
        link="placement",
    )
    assert isinstance(change, PlacementChange)
    return change


def base_transition(
    *, internship_base: InternshipBase, to: str, actor: User, comment: str = ""
) -> InternshipBaseChange:
    change = _transition(
        record=internship_base,
        to=to,
        actor=actor,
        comment=comment,
        table=BASE_MOVES,
        labels=BaseStatus,
        parties_of=base_parties,
        change_model=InternshipBaseChange,
        link="base",
    )
    assert isinstance(change, InternshipBaseChange)
    return change
