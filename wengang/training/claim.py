"""The firm's OP6 claim built from the learning record.

Each employee (by ID number, across every course and provider) with the engine's class hours in
the claim period; those reaching the minimum go on the draft's roster through the service hall's
``application_start`` and ``roster_replace``; the engine decides and explains every line — here for
the preview, and on the application itself as for any OP6 claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from wengang import clock
from wengang.accounts import permissions as base
from wengang.accounts.models import User
from wengang.policy.explain import ItemResult, PolicyResult, explain
from wengang.subsidies.models import Application, Policy, SubsidyType
from wengang.subsidies.services.apply import (
    ApplyError,
    Period,
    application_start,
    fixed_period,
    initial_facts,
    roster_replace,
)

from .records import Person, employees_in_training, people
from .services import TrainingError


@dataclass(frozen=True)
class Line:
    person: Person
    item: ItemResult

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.item.conditions if c.status != "met"]


@dataclass(frozen=True)
class Preview:
    period: Period
    result: PolicyResult | None
    lines: list[Line]

    @property
    def counted(self) -> int:
        return sum(1 for line in self.lines if line.item.counted)

    @property
    def reached(self) -> list[Person]:
        return [line.person for line in self.lines if line.person.hours and line.person.hours.reaches_minimum]


def op6_subsidy() -> SubsidyType:
    return SubsidyType.objects.get(policy=Policy.OP6)


def _engine_hours(person: Person) -> str:
    """The class hours the engine judges: cut to two places (never rounded up to the minimum)."""
    assert person.hours is not None
    return str(person.hours.hours)


def preview(user: User) -> Preview:
    """The firm's trainees with hours in the claim period and the engine's decision on each."""
    if not base.is_applicant(user) or user.organisation is None or user.organisation.kind != "enterprise":
        raise TrainingError("只有用人单位可以申请职业技能培训补贴")
    period = fixed_period(op6_subsidy())
    assert period is not None
    today = clock.today()
    persons = people(employees_in_training(user.organisation), period.start, period.end, today)
    if not persons:
        return Preview(period, None, [])
    facts = initial_facts(user.organisation, Policy.OP6)
    case = {
        "kind": "training",
        "received_op2_or_op3": facts.get("received_op2_or_op3") or None,
        "trainees": [
            {
                "name": p.name,
                "id_number": p.id_number,
                "class_hours": _engine_hours(p),
                "training_year": period.start.year,
                "still_employed": True,
                "other_training_subsidy": False,
            }
            for p in persons
        ],
    }
    result = explain(case, today, policies=[Policy.OP6]).results[0]
    return Preview(period, result, [Line(p, item) for p, item in zip(persons, result.items, strict=True)])


def op6_claim_create(*, user: User) -> tuple[Application, int]:
    """A draft OP6 claim whose roster is the employees who reached the minimum class hours."""
    draft = preview(user)
    reached = draft.reached
    if not reached:
        raise TrainingError(f"在{draft.period.text}内没有累计达到40课时的职工，暂不能生成申请")
    rows = [
        (
            None,
            {
                "name": p.name,
                "id_number": p.id_number,
                # the roster keeps one decimal: cut, so it never shows more than was learned
                "class_hours": str(p.hours.hours.quantize(Decimal("0.1"), rounding=ROUND_DOWN)) if p.hours else "0",
                "still_employed": "true",
                "other_subsidy": "false",
            },
        )
        for p in reached
    ]
    try:
        with transaction.atomic():
            application = application_start(user=user, subsidy_type=op6_subsidy(), period=draft.period)
            written = roster_replace(application=application, rows=rows)
    except ApplyError as err:
        raise TrainingError(str(err)) from err
    return application, written
