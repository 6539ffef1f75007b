"""The one bridge from applications to the policy engine. No rule is restated here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone

from wengang.policy import explain
from wengang.policy.explain import ConditionResult, ItemResult, PolicyResult
from wengang.policy.facts import FactError, read_number
from wengang.policy.kinds import get_kind
from wengang.policy.params import UsedParameter
from wengang.policy.rules.worker import op1
from wengang.registry.validators import mask_id_number

from ..models import Application, Policy, Status

ENTERPRISE_POLICIES = {Policy.OP2, Policy.OP3, Policy.OP5, Policy.N14}


def person_keys(id_numbers: list[str]) -> dict[str, str]:
    """A roster key per resident ID number that the engine can count people by and may print.

    The engine counts each person once by a key and quotes it ("… 已计入，不重复计算"); the full
    number would be both printed and read as a (too large) number, so the key is the masked
    number, with "#2", "#3" … when two different people share a masked form.
    """
    keys: dict[str, str] = {}
    taken: dict[str, int] = {}
    for number in id_numbers:
        if number in keys:
            continue
        masked = mask_id_number(number)
        taken[masked] = taken.get(masked, 0) + 1
        keys[number] = masked if taken[masked] == 1 else f"{masked}#{taken[masked]}"
    return keys


def _schema_facts(kind: str, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The stored facts the engine's schema for ``kind`` reads (drafts may hold others)."""
    names = {f.name for f in get_kind(kind).fields}
    return {k: v for k, v in facts.items() if k in names}


def application_case(application: Application) -> dict[str, Any]:
    """The engine case for an application: its kind and facts, as the engine reads them."""
    policy = application.subsidy_type.policy
    facts = dict(application.facts)
    if policy in ENTERPRISE_POLICIES:
        return {**application.organisation.engine_facts(), **facts, "kind": "enterprise"}
    if policy == Policy.OP6:
        lines = list(application.training_lines.all())
        keys = person_keys([line.id_number for line in lines])
        trainees = [
            {
                "name": line.name,
                "id_number": keys[line.id_number],
                "class_hours": line.class_hours,
                "still_employed": line.still_employed,
                "other_training_subsidy": line.other_subsidy,
                "training_year": facts.get("training_year", 2020),
            }
            for line in lines
        ]
        return {**_schema_facts("training", facts), "kind": "training", "trainees": trainees}
    if policy == Policy.OP4:
        rows = list(facts.get("placements") or [])
        keys = person_keys([str(row.get("id_number", "")) for row in rows])
        placements = [
            {
                "name": row.get("name", ""),
                "worker_id": keys[str(row.get("id_number", ""))],
                "enterprise_posted_urgent": row.get("enterprise_posted_urgent", ""),
                "confirmed_by_enterprise": row.get("confirmed_by_enterprise", ""),
                "confirmed_by_agency": row.get("confirmed_by_agency", ""),
                "has_pay_proof": row.get("has_pay_proof", ""),
            }
            for row in rows
        ]
        return {**_schema_facts("agency", facts), "placements": placements, "kind": "agency"}
    if policy == Policy.OP1:
        return {**facts, "kind": "worker"}
    raise ValueError(f"unsupported policy {policy}")


def judge(application: Application, on: dt.date) -> PolicyResult:
    """The engine's decision on this application at ``on``, with every condition and parameter.

    An OP1 claim with a worker roster is judged worker by worker (:func:`judge_workers`).
    """
    if application.subsidy_type.policy == Policy.OP1 and "workers" in application.facts:
        return combine_workers(judge_workers(application, on), on)
    result = explain(application_case(application), on, policies=[application.subsidy_type.policy])
    return result.results[0]


def frozen_decision(result: PolicyResult) -> dict[str, Any]:
    """What is stored on an approved application: the full result, parameters included."""
    return result.to_dict()


def amount_of(result: PolicyResult) -> Decimal | None:
    return result.amount


# ---- OP1: a roster of hired workers, one engine case per worker ---------------------------------
#
# The engine judges OP1 per worker (``kind: worker``). A claim lists several workers in
# ``Application.facts["workers"]`` (text values, as entered); each is explained on its own and the
# claim's amount is the sum of the eligible workers' amounts.
#
# OP1.2(3) 核减: a firm that received the one-off social-insurance subsidy (OP3) for the same person
# and months has that amount deducted. OP3 is granted on the firm's aggregate contributions for
# Feb–Apr 2020, so the amount "for the same person and months" is taken as the OP3 amount per
# insured person-month — the approved OP3 amount divided by the sum of the firm's Feb, Mar and Apr
# 2020 payer counts (the figures the OP3 decision used) — times the worker's claimed months in
# Feb–Apr 2020 (a worker claimed for those months was insured by the firm then, so was counted).
# No OP3 claim, or a rejected / withdrawn / closed one: nothing to deduct. An OP3 claim still under
# review, or without the payer counts: the deduction, hence the amount, is unknown (待定) until
# it is decided.

OP3_MONTHS = (dt.date(2020, 2, 1), dt.date(2020, 3, 1), dt.date(2020, 4, 1))
OP3_HEADCOUNT_FACTS = ("ui_payers_2020_02", "ui_payers_2020_03", "ui_payers_2020_04")
NOT_RECEIVED = (Status.WITHDRAWN, Status.REJECTED, Status.CLOSED)
RECEIVED = (Status.APPROVED, Status.PAID)


@dataclass(frozen=True)
class WorkerJudgement:
    """One roster line of an OP1 claim and the engine's result for it."""

    index: int
    worker: Mapping[str, str]
    months: tuple[dt.date, ...]
    deduction: Decimal | None
    result: PolicyResult

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.worker.get("id_number", ""))


def claimed_months(worker: Mapping[str, str]) -> tuple[dt.date, ...]:
    """The first days of the months a roster line claims (start month, then ``months`` on)."""
    start = dt.date.fromisoformat(worker["start_month"])
    count = int(worker["months"])
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def _month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + 1, 1, 1) if first.month == 12 else dt.date(first.year, first.month + 1, 1)
    return nxt - dt.timedelta(days=1)


def op3_received_per_person_month(organisation_id: int) -> Decimal | None:
    """OP1.2(3): the OP3 amount the organisation received per insured person-month (see above)."""
    claim = (
        Application.objects.filter(organisation_id=organisation_id, subsidy_type__policy=Policy.OP3)
        .exclude(status__in=NOT_RECEIVED)
        .order_by("-created_at", "-id")
        .first()
    )
    if claim is None:
        return Decimal("0")
    if claim.status not in RECEIVED or claim.approved_amount is None:
        return None
    facts = application_case(claim)
    heads = Decimal("0")
    for name in OP3_HEADCOUNT_FACTS:
        try:
            value = read_number(name, facts.get(name))
        except FactError:
            return None
        if value is None:
            return None
        heads += value
    if heads <= 0:
        return None
    return claim.approved_amount / heads


def claim_date(application: Application, on: dt.date) -> dt.date:
    """OP1.3 counts from the day the claim was made: the submission date, or ``on`` for a draft."""
    if application.submitted_at is not None:
        return timezone.localdate(application.submitted_at)
    return on


def worker_case(
    worker: Mapping[str, str], months: tuple[dt.date, ...], deduction: Decimal | None, claimed_on: dt.date
) -> dict[str, Any]:
    """The engine's ``kind: worker`` case for one roster line."""
    return {
        "kind": "worker",
        "category": worker.get("category", ""),
        "contract_years": worker.get("contract_years", ""),
        "si_paid": worker.get("si_paid", ""),
        "monthly_wage": worker.get("monthly_wage", ""),
        "wage_paid_in_full": worker.get("wage_paid_in_full", ""),
        "pension_base": worker.get("pension_base", ""),
        "months_subsidised_before": worker.get("months_before", ""),
        "period_months": len(months),
        "period_end": _month_end(months[-1]),
        "claim_date": claimed_on,
        "op3_deduction": deduction,
    }


def judge_workers(application: Application, on: dt.date) -> list[WorkerJudgement]:
    """Each worker of an OP1 claim, explained at ``on``."""
    workers = application.facts.get("workers") or []
    # the OP3 rate is looked up once, for the first worker whose months overlap Feb–Apr 2020
    rate: Decimal | None = None
    rate_known = False
    claimed_on = claim_date(application, on)
    out = []
    for index, worker in enumerate(workers, start=1):
        months = claimed_months(worker)
        overlap = sum(1 for m in months if m in OP3_MONTHS)
        deduction: Decimal | None = Decimal("0")
        if overlap:
            if not rate_known:
                rate = op3_received_per_person_month(application.organisation_id)
                rate_known = True
            deduction = None if rate is None else rate * overlap
        case = worker_case(worker, months, deduction, claimed_on)
        result = explain(case, on, policies=[Policy.OP1]).results[0]
        out.append(WorkerJudgement(index, worker, months, deduction, result))
    return out


def combine_workers(judgements: list[WorkerJudgement], on: dt.date) -> PolicyResult:
    """One OP1 result for a whole roster: eligible workers' amounts summed, each worker an item."""
    rule = op1()
    eligible = [j for j in judgements if j.result.status == "eligible"]
    unknown = [j for j in judgements if j.result.status == "unknown"]
    failed = len(judgements) - len(eligible) - len(unknown)
    if unknown:
        status: Literal["eligible", "ineligible", "unknown"] = "unknown"
    elif eligible:
        status = "eligible"
    else:
        status = "ineligible"
    amount: Decimal | None
    if status == "ineligible":
        amount = Decimal("0.00")
    elif status == "unknown" or any(j.result.amount is None for j in eligible):
        amount = None
    else:
        amount = sum((j.result.amount for j in eligible if j.result.amount is not None), Decimal("0.00"))
    steps = [
        f"{j.worker.get('name', '')}（{j.masked_id_number}）{len(j.months)} 个月："
        + (f"{j.result.amount:,.2f} 元" if j.result.amount is not None else "金额待定")
        for j in eligible
    ]
    if amount is not None and steps:
        steps.append(f"= 合计 {amount:,.2f} 元")
    text = f"名单共 {len(judgements)} 人：符合 {len(eligible)} 人，不符合 {failed} 人，待定 {len(unknown)} 人"
    roster_status: Literal["met", "unmet", "unknown"] = "unknown" if unknown else ("met" if eligible else "unmet")
    summary = ConditionResult(
        "op1.roster",
        "OP1.1",
        "招用人员符合申请条件",
        roster_status,
        text if judgements else "名单中没有人员",
        fix="" if eligible else "请核对名单中每名人员的条件（见逐人结果）",
    )
    used: dict[str, UsedParameter] = {}
    for j in judgements:
        for param in j.result.parameters:
            used.setdefault(param.key, param)
    parameters = [used[k] for k in sorted(used)]
    items = [
        ItemResult(
            j.index,
            f"{j.worker.get('name', '')} {j.masked_id_number}",
            j.result.status,
            j.result.conditions,
            j.result.status == "eligible",
        )
        for j in judgements
    ]
    words = rule.status_words
    return PolicyResult(
        policy=rule.id,
        title=rule.title,
        clause=rule.clause,
        status=status,
        status_text={"eligible": words[0], "ineligible": words[1], "unknown": words[2]}[status],
        amount=amount,
        amount_steps=steps,
        conditions=[summary],
        provisional=any(p.provisional for p in parameters),
        parameters=parameters,
        on=on,
        review=rule.review,
        department=rule.department,
        items=items,
    )
