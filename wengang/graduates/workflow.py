"""The three-party agreement as data: the graduate accepts or declines, the school confirms or
refuses, the employer may withdraw until the school has confirmed. Confirming draws the document
number (文号) and code from ``wengang.documents`` in the same transaction.

The offer itself is created in ``offered`` by :func:`wengang.graduates.services.agreement_offer`.
"""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import Effect, Guard, Move, TransitionError, Workflow, transition
from wengang.clock import today
from wengang.documents import services as documents

from .models import BINDING, Agreement, Status
from .notifications import messages
from .selectors import decision_for

S = Status
GRADUATE, EMPLOYER, SCHOOL = "graduate", "employer", "school"
DOCUMENT_TYPE = "graduate-agreement"
AgreementError = TransitionError


def parties(user: User, agreement: Agreement) -> set[str]:
    out = set()
    if user.pk == agreement.graduate_id:
        out.add(GRADUATE)
    if user.role == Role.ENTERPRISE and user.organisation_id == agreement.employer_id:
        out.add(EMPLOYER)
    if user.role == Role.SCHOOL and user.organisation_id == agreement.school_id:
        out.add(SCHOOL)
    return out


def _within_n9(agreement: Agreement, actor: Any) -> str | None:
    """The engine's N9 decision on today's date: refused when it says 不能网上签约."""
    result = decision_for(agreement, today())
    if result.status == "ineligible":
        return "；".join(c.text for c in result.conditions if c.status == "unmet") + "（N9）"
    return None


def _no_other_binding(agreement: Agreement, actor: Any) -> str | None:
    others = Agreement.objects.filter(graduate_id=agreement.graduate_id, status__in=BINDING).exclude(pk=agreement.pk)
    if others.exists():
        return "该毕业生已接受另一份录用或已签订三方协议，一名毕业生只能签订一份就业协议"
    return None


def _accepted(agreement: Agreement, actor: Any, reason: str) -> Effect:
    return Effect(fields={"accepted_on": today()})


def _ended(agreement: Agreement, actor: Any, reason: str) -> Effect:
    return Effect(fields={"reason": reason})


def _signed(agreement: Agreement, actor: Any, reason: str) -> Effect:
    on = today()
    document = documents.issue(DOCUMENT_TYPE, agreement.subject, on)
    return Effect(fields={"signed_on": on, "reason": reason}, payload={"number": document.number})


WITHIN_N9 = Guard("N9 签约期限", _within_n9)
ONE_AGREEMENT = Guard("一人一份协议", _no_other_binding)

AGREEMENTS = Workflow(
    Agreement,
    parties=parties,
    refused="您不是该协议办理“{move}”的一方",
    notify=messages,
    noun="该协议",
    steps=[
        step("单位录用", S.OFFERED),
        step("毕业生确认", S.ACCEPTED, S.DECLINED),
        step("学校确认", S.SIGNED, S.REFUSED),
    ],
    moves=[
        Move(S.OFFERED, S.ACCEPTED, "确认接受录用", by=GRADUATE, guards=(WITHIN_N9, ONE_AGREEMENT), effect=_accepted),
        Move(S.OFFERED, S.DECLINED, "拒绝录用", by=GRADUATE, effect=_ended),
        Move(S.ACCEPTED, S.SIGNED, "确认三方协议", by=SCHOOL, guards=(WITHIN_N9,), effect=_signed),
        Move(S.ACCEPTED, S.REFUSED, "不予确认", by=SCHOOL, reason=True, effect=_ended),
        *Move.each((S.OFFERED, S.ACCEPTED), S.WITHDRAWN, "撤回录用", by=EMPLOYER, reason=True, effect=_ended),
    ],
)


def agreement_transition(*, agreement: Agreement, to: str, actor: User, comment: str = "") -> CaseEvent:
    """Move ``agreement``; raises :class:`AgreementError` (Chinese) and writes nothing when refused."""
    return transition(AGREEMENTS, agreement, to=to, actor=actor, reason=comment)
