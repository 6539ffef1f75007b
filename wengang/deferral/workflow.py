"""The I3 application workflow as data: the transition table and the one transition service.

Filing creates the application in ``submitted`` (:func:`wengang.deferral.services.deferral_file`);
every later change goes through :func:`deferral_transition`: lock → guard → change → append a
``DeferralChange`` row (audit trail and notification outbox). Confirming writes the registry fact
``deferral_industry_confirmed`` the engine's I3 rule reads, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User
from wengang.clock import today
from wengang.registry.models import Organisation

from .models import DeferralApplication, DeferralChange, IndustryAuthority, Status

S = Status
#: the registry fact an authority's confirmation sets (read by the engine's I3 rule)
CONFIRMED_FACT = "deferral_industry_confirmed"


@dataclass(frozen=True)
class Move:
    roles: frozenset[str]
    label: str
    needs_comment: bool = False


INDUSTRY = frozenset({Role.INDUSTRY})

TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.SUBMITTED, S.CONFIRMED): Move(INDUSTRY, "确认属于十个行业"),
    (S.SUBMITTED, S.DECLINED): Move(INDUSTRY, "不予确认", needs_comment=True),
}


class DeferralError(Exception):
    """The filing or move is not allowed; the message is Chinese and says why."""


def authority_of(user: User) -> IndustryAuthority | None:
    try:
        return user.industry_authority
    except IndustryAuthority.DoesNotExist:
        return None


def _guard(application: DeferralApplication, actor: User) -> None:
    authority = authority_of(actor)
    if authority is None or not authority.covers(application.industry):
        raise DeferralError(f"本申请所属行业“{application.get_industry_display()}”不由您所在的主管部门确认")


def record_change(
    application: DeferralApplication, actor: User | None, frm: str, to: str, comment: str, facts: dict[str, object]
) -> DeferralChange:
    change = DeferralChange.objects.create(
        application=application,
        actor=actor,
        on=today(),
        from_status=frm,
        to_status=to,
        comment=comment,
        facts_changed=facts,
    )
    transaction.on_commit(lambda: _dispatch(change.pk))
    return change


def deferral_transition(*, application: DeferralApplication, to: str, actor: User, comment: str = "") -> DeferralChange:
    """Move ``application`` to ``to`` (confirm or decline); raises :class:`DeferralError` and
    writes nothing when the move is not allowed. Confirming sets the organisation's registry
    fact ``deferral_industry_confirmed`` to "true" and records the change on the row."""
    comment = comment.strip()
    with transaction.atomic():
        locked = DeferralApplication.objects.select_for_update().get(pk=application.pk)
        frm = locked.status
        move = TRANSITIONS.get((frm, to))
        if move is None:
            raise DeferralError(f"当前状态“{S(frm).label}”不能变更为“{S(to).label}”")
        if actor.role not in move.roles:
            raise DeferralError(f"“{actor.get_role_display()}”不能办理“{move.label}”")
        if move.needs_comment and not comment:
            raise DeferralError(f"“{move.label}”须填写理由")
        _guard(locked, actor)
        facts: dict[str, object] = {}
        if to == S.CONFIRMED:
            org = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
            old = org.facts.get(CONFIRMED_FACT)
            org.facts = {**org.facts, CONFIRMED_FACT: "true"}
            org.save(update_fields=["facts", "updated_at"])
            facts = {CONFIRMED_FACT: {"from": old, "to": "true"}}
        updated = DeferralApplication.objects.filter(pk=locked.pk, status=frm).update(
            status=to, decided_by=actor, decided_on=today(), reason=comment, updated_at=timezone.now()
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable
            raise DeferralError("该申请已被他人处理，请刷新后重试")
        change = record_change(locked, actor, frm, to, comment, facts)
    application.refresh_from_db()
    return change


def _dispatch(change_id: int) -> None:
    from .notifications import deliver

    deliver(change_id)
