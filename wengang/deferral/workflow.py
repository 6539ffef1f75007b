"""The I3 application workflow as data: the industry authority confirms or declines.

Filing creates the application in ``submitted`` (:func:`wengang.deferral.services.deferral_file`,
which records the first event); later moves go through ``wengang.cases.workflow.transition``.
Confirming writes the registry fact ``deferral_industry_confirmed`` the engine's I3 rule reads, in
the same transaction, and keeps what it wrote in the event's payload.
"""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import Effect, Guard, Move, TransitionError, Workflow, transition
from wengang.clock import today
from wengang.registry.models import Organisation

from .models import DeferralApplication, IndustryAuthority, Status
from .notifications import messages

S = Status
INDUSTRY = str(Role.INDUSTRY)
#: the registry fact an authority's confirmation sets (read by the engine's I3 rule)
CONFIRMED_FACT = "deferral_industry_confirmed"

#: the filing or move is not allowed; the message is Chinese and says why
DeferralError = TransitionError


def authority_of(user: User) -> IndustryAuthority | None:
    try:
        return user.industry_authority
    except IndustryAuthority.DoesNotExist:
        return None


def _covering_authority(application: DeferralApplication, actor: User | None) -> str | None:
    authority = authority_of(actor) if actor is not None else None
    if authority is None or not authority.covers(application.industry):
        return f"本申请所属行业“{application.get_industry_display()}”不由您所在的主管部门确认"
    return None


def _decided(application: DeferralApplication, actor: User | None, reason: str) -> Effect:
    return Effect(fields={"decided_by": actor, "decided_on": today(), "reason": reason})


def _confirm(application: DeferralApplication, actor: User | None, reason: str) -> Effect:
    org = Organisation.objects.select_for_update().get(pk=application.organisation_id)
    old = org.facts.get(CONFIRMED_FACT)
    org.facts = {**org.facts, CONFIRMED_FACT: "true"}
    org.save(update_fields=["facts", "updated_at"])
    return Effect(fields=_decided(application, actor, reason).fields, payload={"facts": {CONFIRMED_FACT: {"from": old, "to": "true"}}})


COVERING_AUTHORITY = Guard("本主管部门的行业", _covering_authority)

DEFERRALS = Workflow(
    DeferralApplication,
    notify=messages,
    noun="该申请",
    steps=[step("提交", S.SUBMITTED), step("行业主管部门确认", S.CONFIRMED, S.DECLINED)],
    moves=[
        Move(S.SUBMITTED, S.CONFIRMED, "确认属于十个行业", by=INDUSTRY, guards=(COVERING_AUTHORITY,), effect=_confirm),
        Move(S.SUBMITTED, S.DECLINED, "不予确认", by=INDUSTRY, reason=True, guards=(COVERING_AUTHORITY,), effect=_decided),
    ],
)


def deferral_transition(*, application: DeferralApplication, to: str, actor: User, comment: str = "") -> CaseEvent:
    """Confirm or decline ``application``; raises :class:`DeferralError` and writes nothing when
    the move is not allowed."""
    return transition(DEFERRALS, application, to=to, actor=actor, reason=comment)
