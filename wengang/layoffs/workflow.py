"""The layoff report's workflow as data: draft → submitted → accepted (收悉证明) / returned; a
returned report is corrected and submitted again.

Moves go through ``wengang.cases.workflow.transition``; :func:`report_transition` is that call for
reports. :func:`messages` says who hears of each move.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message
from wengang.cases.steps import step
from wengang.cases.workflow import Guard, Move, TransitionError, Workflow, transition

from .models import LayoffReport, Status
from .permissions import DEPARTMENT, is_labour_relations

S = Status
ENTERPRISE = str(Role.ENTERPRISE)
REVIEWER = str(Role.REVIEWER)
EDITABLE = frozenset({S.DRAFT, S.RETURNED})

__all__ = ["EDITABLE", "REPORTS", "TransitionError", "report_transition"]


def _own_report(report: LayoffReport, actor: User | None) -> str | None:
    if actor is not None and actor.role == Role.ENTERPRISE and actor.organisation_id != report.organisation_id:
        return "只能办理本单位的报告"
    return None


def _labour_relations(report: LayoffReport, actor: User | None) -> str | None:
    if actor is not None and actor.role == Role.REVIEWER and not is_labour_relations(actor):
        return "裁减人员报告由劳动关系科受理"
    return None


def messages(event: CaseEvent, report: LayoffReport) -> list[Message]:
    org = report.organisation
    if event.to_status == S.SUBMITTED:
        reviewers = User.objects.filter(role=Role.REVIEWER, department__code=DEPARTMENT, is_active=True)
        return [
            Message(
                f"裁减人员报告待受理：{org.name}",
                f"{org.name}报告裁减 {report.layoffs} 人，请审核材料后受理或退回。",
                reviewers,
            )
        ]
    people = User.objects.filter(organisation_id=report.organisation_id, is_active=True)
    if event.to_status == S.ACCEPTED:
        return [
            Message(
                f"裁减人员报告已受理：{report.receipt_number}",
                f"劳动关系科已受理贵单位裁减 {report.layoffs} 人的报告，出具《收悉证明》（{report.receipt_number}），"
                "请登录后下载。",
                people,
            )
        ]
    return [
        Message(
            "裁减人员报告被退回补正",
            f"劳动关系科退回了贵单位的裁减人员报告，请按以下意见补正后重新提交：\n{event.reason}",
            people,
        )
    ]


REPORTS = Workflow(
    LayoffReport,
    guards=[Guard("本单位的报告", _own_report), Guard("劳动关系科受理", _labour_relations)],
    notify=messages,
    noun="该报告",
    steps=[step("报告", S.SUBMITTED), step("受理并出具收悉证明", S.ACCEPTED)],
    moves=[
        Move(S.DRAFT, S.SUBMITTED, "提交报告", by=ENTERPRISE),
        Move(S.RETURNED, S.SUBMITTED, "补正后重新提交", by=ENTERPRISE),
        Move(S.SUBMITTED, S.ACCEPTED, "受理并出具收悉证明", by=REVIEWER),
        Move(S.SUBMITTED, S.RETURNED, "退回补正", by=REVIEWER, reason=True),
    ],
)


def report_transition(
    *,
    report: LayoffReport,
    to: str,
    actor: User,
    comment: str = "",
    change: Callable[[LayoffReport], dict[str, Any]] | None = None,
) -> CaseEvent:
    """Move ``report`` to ``to``; ``change`` runs on the locked row after the guards and returns
    further fields to save (it may raise :class:`TransitionError`)."""
    return transition(REPORTS, report, to=to, actor=actor, reason=comment, change=change)
