"""The three workflows as data: who may move a candidacy, a placement or an internship base from
which status to which. Moves go through ``wengang.cases.workflow.transition``.

Who may act depends on the actor's relation to the record (a "party"), not only on the role: only
the enterprise a placement names may confirm it, only the agency that declared it may withdraw it.
"""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import Move, TransitionError, Workflow, transition

from . import permissions
from .models import (
    BaseStatus,
    Candidacy,
    CandidacyStatus,
    InternshipBase,
    Placement,
    PlacementStatus,
)

__all__ = ["BASES", "CANDIDACIES", "PLACEMENTS", "TransitionError"]

C, P, B = CandidacyStatus, PlacementStatus, BaseStatus
#: only the post's own firm decides hiring; no staff role moves a firm's candidates (issue 8)
EMPLOYER = "employer"
LEAVERS = "seeker recommender"
REFUSED = "您不能办理“{move}”"


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


CANDIDACIES = Workflow(
    Candidacy,
    parties=candidacy_parties,
    refused=REFUSED,
    moves=[
        *Move.each((C.APPLIED, C.RECOMMENDED), C.INTERVIEWING, "约面试", by=EMPLOYER),
        *Move.each((C.APPLIED, C.RECOMMENDED), C.NOT_HIRED, "不予录用", by=EMPLOYER),
        Move(C.INTERVIEWING, C.HIRED, "录用", by=EMPLOYER),
        Move(C.INTERVIEWING, C.NOT_HIRED, "不予录用", by=EMPLOYER),
        *Move.each((C.APPLIED, C.RECOMMENDED, C.INTERVIEWING), C.WITHDRAWN, "撤回", by=LEAVERS),
    ],
)

PLACEMENTS = Workflow(
    Placement,
    parties=placement_parties,
    refused=REFUSED,
    steps=[step("机构申报", P.DECLARED, P.DISPUTED), step("重点企业确认", P.CONFIRMED)],
    moves=[
        Move(P.DECLARED, P.CONFIRMED, "确认上岗", by="enterprise"),
        Move(P.DECLARED, P.DISPUTED, "提出异议", by="enterprise", reason=True),
        Move(P.DISPUTED, P.CONFIRMED, "确认上岗", by="enterprise"),
        *Move.each((P.DECLARED, P.DISPUTED), P.WITHDRAWN, "撤回申报", by="agency"),
    ],
)

BASES = Workflow(
    InternshipBase,
    parties=base_parties,
    refused=REFUSED,
    steps=[step("申请", B.PENDING), step("认定", B.APPROVED, B.REJECTED)],
    moves=[
        Move(B.PENDING, B.APPROVED, "认定为见习基地", by="reviewer"),
        Move(B.PENDING, B.REJECTED, "不予认定", by="reviewer", reason=True),
    ],
)


def candidacy_transition(*, candidacy: Candidacy, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(CANDIDACIES, candidacy, to=to, actor=actor, reason=comment)


def placement_transition(*, placement: Placement, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(PLACEMENTS, placement, to=to, actor=actor, reason=comment)


def base_transition(*, internship_base: InternshipBase, to: str, actor: User, comment: str = "") -> CaseEvent:
    return transition(BASES, internship_base, to=to, actor=actor, reason=comment)
