"""The application workflow as data: states (``models.Status``) and who may move them where.

Every move goes through ``wengang.cases.workflow.transition`` (lock → check → guards → conditional
update → one ``CaseEvent`` → the outbox); :func:`application_transition` is that call for
applications. Who hears of a move is in ``notifications.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.steps import step
from wengang.cases.workflow import SYSTEM, Guard, Move, TransitionError, Workflow, transition
from wengang.clock import today

from .models import EDITABLE, FINAL, Application, MunicipalReview, Status
from .notifications import messages

S = Status
APPLICANT = f"{Role.ENTERPRISE} {Role.AGENCY}"
REVIEWER = str(Role.REVIEWER)
MUNICIPAL = str(Role.MUNICIPAL)

__all__ = ["APPLICATIONS", "EDITABLE", "FINAL", "TransitionError", "application_transition", "moves_from"]


def _own_organisation(app: Application, actor: User | None) -> str | None:
    if actor is not None and actor.role in (Role.ENTERPRISE, Role.AGENCY) and actor.organisation_id != app.organisation_id:
        return "只能办理本单位的申请"
    return None


def _reviewing_department(app: Application, actor: User | None) -> str | None:
    subsidy = app.subsidy_type
    if actor is not None and actor.role == Role.REVIEWER and actor.department_id != subsidy.department_id:
        return f"本申请由{subsidy.department.name}审核"
    return None


def _district_may_decide(app: Application, actor: User | None) -> str | None:
    subsidy = app.subsidy_type
    if subsidy.municipal_review == MunicipalReview.ALWAYS:
        return "本项补贴须报市审核小组联审通过"
    if app.doubt and subsidy.municipal_review == MunicipalReview.ON_DOUBT:
        return "已标记存疑的申请须报市审核小组联审"
    return None


def _goes_to_municipal(app: Application, actor: User | None) -> str | None:
    return "本项补贴不报市审核小组" if app.subsidy_type.municipal_review == MunicipalReview.NEVER else None


def _deficiencies_resolved(app: Application, actor: User | None) -> str | None:
    return "还有容缺事项未补正" if app.deficiencies.filter(resolved_at__isnull=True).exists() else None


def _supply_overdue(app: Application, actor: User | None) -> str | None:
    """A reviewer closes a 容缺 case only once a 补正 deadline has passed with the item open (the system
    closes exactly those, on the date it is run for)."""
    if actor is None:
        return None
    first = app.deficiencies.filter(resolved_at__isnull=True).order_by("due_date").first()
    if first is None:
        return "容缺事项均已补正，请核验后进入审核"
    if first.due_date >= today():
        return f"补正期限为 {first.due_date:%Y-%m-%d}，期限届满仍未补正的才能关闭（届满后系统自动关闭）"
    return None


def _engine_finds_eligible(app: Application, actor: User | None) -> str | None:
    """Approval needs the engine's 符合 today (the rule lives in the engine; this only asks it)."""
    from wengang.policy.params import ParameterError

    from .services.engine import judge

    try:
        result = judge(app, today())
    except ParameterError:
        return f"{today():%Y-%m-%d} 没有可用的政策参数，不能作出决定"
    if result.status != "eligible":
        return f"按政策规则，本申请“{result.status_text}”，不能审核通过；请核实申报数据或作出不予通过决定"
    if result.amount is None:
        return "补贴金额尚不能确定，不能审核通过；请先核实申报数据"
    return None


def _review_due(app: Application) -> tuple[str, Any] | None:
    from .services.review import review_due

    return "审核期限", review_due(app)


def _supply_due(app: Application) -> tuple[str, Any] | None:
    first = app.deficiencies.filter(resolved_at__isnull=True).order_by("due_date").first()
    return ("补正期限", first.due_date) if first else None


def _accepted_due(app: Application) -> tuple[str, Any] | None:
    return _supply_due(app) if app.status == S.DEFICIENT else _review_due(app)


OWN_ORGANISATION = Guard("本单位的申请", _own_organisation)
REVIEWING_DEPARTMENT = Guard("本部门审核的补贴", _reviewing_department)
DISTRICT_MAY_DECIDE = Guard("区级可以决定", _district_may_decide)
GOES_TO_MUNICIPAL = Guard("报市审核小组的补贴", _goes_to_municipal)
ENGINE_ELIGIBLE = Guard("政策规则判定符合", _engine_finds_eligible)
#: on input: the reviewer marks the items supplied with the same move
DEFICIENCIES_RESOLVED = Guard("容缺事项已补正", _deficiencies_resolved, on_input=True)
SUPPLY_OVERDUE = Guard("补正期限已过", _supply_overdue)

APPLICATIONS = Workflow(
    Application,
    guards=[OWN_ORGANISATION, REVIEWING_DEPARTMENT],
    notify=messages,
    noun="该申请",
    steps=[
        step("提交", S.SUBMITTED, due=_review_due),
        step("受理", S.DEFICIENT, S.DISTRICT_REVIEW, due=_accepted_due),
        step("区级审核", S.DISTRICT_REVIEW, due=_review_due),
        step("市联审", S.MUNICIPAL_REVIEW),
        step("决定", S.APPROVED, S.REJECTED),
        step("拨付", S.PAID),
    ],
    moves=[
        Move(S.DRAFT, S.SUBMITTED, "提交申请", by=APPLICANT),
        *Move.each((S.DRAFT, S.SUBMITTED), S.WITHDRAWN, "撤回", by=APPLICANT),
        Move(S.SUBMITTED, S.DEFICIENT, "容缺受理", by=REVIEWER, reason=True),
        Move(S.SUBMITTED, S.DISTRICT_REVIEW, "受理", by=REVIEWER),
        Move(S.SUBMITTED, S.RETURNED, "退回修改", by=REVIEWER, reason=True),
        Move(S.DEFICIENT, S.DISTRICT_REVIEW, "补正完毕", by=f"{APPLICANT} {REVIEWER}", guards=(DEFICIENCIES_RESOLVED,)),
        Move(S.DEFICIENT, S.CLOSED, "逾期未补正，关闭", by=f"{SYSTEM} {REVIEWER}", reason=True, guards=(SUPPLY_OVERDUE,)),
        Move(S.DISTRICT_REVIEW, S.MUNICIPAL_REVIEW, "报市审核小组联审", by=REVIEWER, guards=(GOES_TO_MUNICIPAL,)),
        Move(S.DISTRICT_REVIEW, S.APPROVED, "审核通过", by=REVIEWER, guards=(DISTRICT_MAY_DECIDE, ENGINE_ELIGIBLE)),
        Move(S.DISTRICT_REVIEW, S.REJECTED, "不予通过", by=REVIEWER, reason=True),
        Move(S.DISTRICT_REVIEW, S.RETURNED, "退回修改", by=REVIEWER, reason=True),
        Move(S.MUNICIPAL_REVIEW, S.APPROVED, "联审通过", by=MUNICIPAL, guards=(ENGINE_ELIGIBLE,)),
        Move(S.MUNICIPAL_REVIEW, S.REJECTED, "联审不予通过", by=MUNICIPAL, reason=True),
        Move(S.MUNICIPAL_REVIEW, S.RETURNED, "退回修改", by=MUNICIPAL, reason=True),
        Move(S.RETURNED, S.SUBMITTED, "修改后重新提交", by=APPLICANT),
        Move(S.RETURNED, S.WITHDRAWN, "撤回", by=APPLICANT),
        Move(S.APPROVED, S.PAID, "登记拨付", by=REVIEWER),
    ],
)


def moves_from(status: str) -> list[Move]:
    return APPLICATIONS.moves_from(status)


def application_transition(
    *,
    application: Application,
    to: str,
    actor: User | None,
    comment: str = "",
    change: Callable[[Application], dict[str, Any]] | None = None,
) -> CaseEvent:
    """Move ``application`` to ``to``; ``change`` may set further fields on the locked row (e.g. the
    frozen decision). Raises :class:`TransitionError` and writes nothing when the move is not allowed.
    The dashboards' summary follows the move in the same transaction."""
    from .summary import summary_refresh

    with transaction.atomic():
        event = transition(APPLICATIONS, application, to=to, actor=actor, reason=comment, change=change)
        summary_refresh([application.pk])
    return event
