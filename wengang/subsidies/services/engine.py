"""The one bridge from applications to the policy engine. No rule is restated here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wengang.policy import explain
from wengang.policy.explain import PolicyResult

from ..models import Application, Policy

ENTERPRISE_POLICIES = {Policy.OP2, Policy.OP3, Policy.OP5, Policy.N14}


def application_case(application: Application) -> dict[str, Any]:
    """The engine case for an application: its kind and facts, as the engine reads them."""
    policy = application.subsidy_type.policy
    facts = dict(application.facts)
    if policy in ENTERPRISE_POLICIES:
        return {**application.organisation.engine_facts(), **facts, "kind": "enterprise"}
    if policy == Policy.OP6:
        trainees = [
            {
                "name": line.name,
                "id_number": line.id_number,
                "class_hours": line.class_hours,
                "still_employed": line.still_employed,
                "other_training_subsidy": line.other_subsidy,
                "training_year": facts.get("training_year", 2020),
            }
            for line in application.training_lines.all()
        ]
        return {**facts, "kind": "training", "trainees": trainees}
    if policy == Policy.OP4:
        return {**facts, "kind": "agency"}
    if policy == Policy.OP1:
        return {**facts, "kind": "worker"}
    raise ValueError(f"unsupported policy {policy}")


def judge(application: Application, on: dt.date) -> PolicyResult:
    """The engine's decision on this application at ``on``, with every condition and parameter."""
    result = explain(application_case(application), on, policies=[application.subsidy_type.policy])
    return result.results[0]


def frozen_decision(result: PolicyResult) -> dict[str, Any]:
    """What is stored on an approved application: the full result, parameters included."""
    return result.to_dict()


def amount_of(result: PolicyResult) -> Decimal | None:
    return result.amount
