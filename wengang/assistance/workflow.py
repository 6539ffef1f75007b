"""The three workflows as data: a certification (person submits, street office certifies or
refuses), a monthly subsidy claim (street office approves or refuses) and a placement (street
office ends it). Moves go through ``wengang.cases.workflow.transition``.

Who may act depends on the record: only the person it names, only the office of its street.
"""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.outbox import Message
from wengang.cases.steps import step
from wengang.cases.workflow import Move, TransitionError, Workflow

from . import permissions
from .models import (
    Certification,
    CertificationStatus,
    ClaimStatus,
    FlexibleClaim,
    PlacementStatus,
    WelfarePlacement,
)

__all__ = ["CERTIFICATIONS", "CLAIMS", "PLACEMENTS", "TransitionError"]

C, F, P = CertificationStatus, ClaimStatus, PlacementStatus
PERSON, STREET = "person", "street"
REFUSED = "您不能办理“{move}”"


def parties(user: User, case: Any) -> set[str]:
    out = set()
    if permissions.is_individual(user) and case.person_id == user.pk:
        out.add(PERSON)
    if permissions.is_street(user) and permissions._case_street(case) == user.street_id:
        out.add(STREET)
    return out


def _street_staff(street_id: int) -> Any:
    return User.objects.filter(role=Role.STREET, street_id=street_id, is_active=True)


def _person(case: Any) -> Any:
    return User.objects.filter(pk=case.person_id, is_active=True)


def certification_messages(event: CaseEvent, case: Certification) -> list[Message]:
    if event.to_status == C.SUBMITTED:
        return [
            Message(
                f"就业困难人员认定待确认：{case.person.display_name}",
                f"{case.person.display_name}申请认定为就业困难人员（{case.category}），请核对证明材料后确认。",
                _street_staff(case.street_id),
            )
        ]
    if event.to_status == C.CERTIFIED:
        return [
            Message(
                "您已认定为就业困难人员",
                f"街乡已认定您为就业困难人员（{case.category}）。灵活就业并缴纳社会保险费的，可按月申领灵活就业社会保险补贴；"
                "难以实现市场就业的，街乡可安排公益性岗位。",
                _person(case),
            )
        ]
    if event.to_status == C.REFUSED:
        return [Message("就业困难人员认定未通过", f"街乡不予认定，理由：\n{event.reason}", _person(case))]
    return []


def claim_messages(event: CaseEvent, case: FlexibleClaim) -> list[Message]:
    month = f"{case.month:%Y年%m月}"
    if event.to_status == F.SUBMITTED:
        return [
            Message(
                f"灵活就业社会保险补贴待审核：{case.person.display_name} {month}",
                f"{case.person.display_name}申领{month}灵活就业社会保险补贴 {case.amount:,.2f} 元，请审核。",
                _street_staff(case.street_id),
            )
        ]
    if event.to_status == F.APPROVED:
        return [Message(f"{month}灵活就业社会保险补贴已核准", f"核准补贴 {case.amount:,.2f} 元。", _person(case))]
    return [Message(f"{month}灵活就业社会保险补贴不予核准", f"理由：\n{event.reason}", _person(case))]


def placement_messages(event: CaseEvent, case: WelfarePlacement) -> list[Message]:
    if event.to_status == P.ACTIVE:
        return [
            Message(
                f"公益性岗位安置：{case.post.title}",
                f"街乡安排您到公益性岗位“{case.post.title}”，安置期 {case.start:%Y-%m-%d} 至 {case.end:%Y-%m-%d}，"
                f"月工资 {case.post.monthly_pay:,.2f} 元。",
                _person(case),
            )
        ]
    return [Message(f"公益性岗位安置结束：{case.post.title}", f"原因：\n{event.reason}", _person(case))]


CERTIFICATIONS = Workflow(
    Certification,
    parties=parties,
    refused=REFUSED,
    notify=certification_messages,
    noun="该认定申请",
    steps=[step("提交申请", C.SUBMITTED), step("街乡确认", C.CERTIFIED, C.REFUSED)],
    moves=[
        Move(C.DRAFT, C.SUBMITTED, "提交申请", by=PERSON),
        Move(C.SUBMITTED, C.CERTIFIED, "认定为就业困难人员", by=STREET),
        Move(C.SUBMITTED, C.REFUSED, "不予认定", by=STREET, reason=True),
        *Move.each((C.DRAFT, C.SUBMITTED), C.WITHDRAWN, "撤回申请", by=PERSON),
    ],
)

CLAIMS = Workflow(
    FlexibleClaim,
    parties=parties,
    refused=REFUSED,
    notify=claim_messages,
    noun="该申领",
    steps=[step("申领", F.SUBMITTED), step("街乡审核", F.APPROVED, F.REFUSED)],
    moves=[
        Move(F.SUBMITTED, F.APPROVED, "核准补贴", by=STREET),
        Move(F.SUBMITTED, F.REFUSED, "不予核准", by=STREET, reason=True),
    ],
)

PLACEMENTS = Workflow(
    WelfarePlacement,
    parties=parties,
    refused=REFUSED,
    notify=placement_messages,
    noun="该安置",
    steps=[step("安置上岗", P.ACTIVE), step("结束", P.ENDED)],
    moves=[Move(P.ACTIVE, P.ENDED, "结束安置", by=STREET, reason=True)],
)
