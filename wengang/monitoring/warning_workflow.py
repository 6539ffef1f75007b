"""The alert's workflow as data (N18/N19, S4 follow-up): 签收, 记录应对措施, 办结, and 升级 when the
responsible street or department has not acknowledged it within the working days the parameter
``monitoring_ack_workdays`` allows. Moves go through ``wengang.cases.workflow.transition``."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message
from wengang.cases.steps import step
from wengang.cases.workflow import SYSTEM, Move, TransitionError, Workflow, transition

from . import permissions
from .models import Alert, AlertStatus

__all__ = ["ALERTS", "TransitionError", "alert_transition"]

A = AlertStatus
RESPONSIBLE = "responsible"
DISTRICT = "district"
STAFF = f"{RESPONSIBLE} {DISTRICT}"


def alert_parties(user: User, alert: Alert) -> set[str]:
    out = set()
    if permissions.is_responsible(user, alert):
        out.add(RESPONSIBLE)
    if permissions.can_act_for_district(user):
        out.add(DISTRICT)
    return out


def _responsible_people(alert: Alert) -> list[User]:
    people = User.objects.filter(is_active=True)
    if alert.street is not None:
        return list(people.filter(role=Role.STREET, street=alert.street))
    return list(people.filter(role=Role.REVIEWER, department=alert.department))


def _department_people() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role=Role.REVIEWER, department__code=permissions.RESPONSIBLE_DEPARTMENT
        )
    )


def alert_notify(event: CaseEvent, alert: Alert) -> list[Message]:
    """A new alert is announced to those who answer for it; an escalated one to the department too."""
    what = f"{alert.subject} {alert.month:%Y年%m月} {alert.get_level_display()}"
    if event.to_status == A.OPEN and not event.from_status:
        return [
            Message(
                f"失业预警：{what}",
                f"{what}（{'；'.join(alert.reasons)}）。请于 {alert.ack_due:%Y-%m-%d} 前签收，并记录应对措施。",
                _responsible_people(alert),
            )
        ]
    if event.to_status == A.ESCALATED:
        return [
            Message(
                f"失业预警已升级：{what}",
                f"{alert.responsible}未在 {alert.ack_due:%Y-%m-%d} 前签收该预警，已升级至区人社局，请督办。",
                [*_responsible_people(alert), *_department_people()],
            )
        ]
    return []


ALERTS = Workflow(
    Alert,
    parties=alert_parties,
    refused="您不能办理该预警的“{move}”",
    unlisted="该预警当前为“{frm}”，不能改为“{to}”",
    noun="该预警",
    notify=alert_notify,
    steps=[
        step("发出预警", A.OPEN, A.ESCALATED),
        step("签收", A.ACKNOWLEDGED),
        step("应对措施", A.RESPONDING),
        step("办结", A.CLOSED),
    ],
    moves=[
        *Move.each((A.OPEN, A.ESCALATED), A.ACKNOWLEDGED, "签收", by=STAFF),
        Move(A.OPEN, A.ESCALATED, "升级", by=f"{SYSTEM} {DISTRICT}", reason=True),
        Move(A.ACKNOWLEDGED, A.RESPONDING, "记录应对措施", by=STAFF),
        Move(A.RESPONDING, A.CLOSED, "办结", by=STAFF, reason=True),
    ],
)
#: made by recording a measure (its form), not by a button of its own
BY_FORM = frozenset({A.RESPONDING})


def alert_transition(*, alert: Alert, to: str, actor: User | None, comment: str = "") -> CaseEvent:
    return transition(ALERTS, alert, to=to, actor=actor, reason=comment)
