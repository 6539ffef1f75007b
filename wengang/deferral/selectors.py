"""Reads for the deferral pages: a unit's I2 / I3 status and the back-payment late fee, both from
the policy engine (``wengang.policy``); nothing here re-states a rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from wengang.accounts.models import User
from wengang.policy import PolicyResult, explain, resolve
from wengang.policy.explain import ConditionResult, Explanation
from wengang.policy.expr import Env
from wengang.policy.rules.back_payment import days_late
from wengang.registry.models import Organisation

from .models import DeferralApplication, Status
from .workflow import authority_of

DEADLINE_KEYS = ("i2_deadline", "i3_deadline")


@dataclass(frozen=True)
class DeferralStatus:
    """A unit's I2 and I3 results on a date, with the deadlines they grant."""

    on: dt.date
    i2: PolicyResult
    i3: PolicyResult
    i2_deadline: dt.date
    i3_deadline: dt.date

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        assert self.i3.window is not None
        return self.i3.window

    @property
    def window_open(self) -> bool:
        start, end = self.window
        return start <= self.on <= end

    def condition(self, policy: str, cond_id: str) -> ConditionResult:
        result = self.i2 if policy == "I2" else self.i3
        return next(c for c in result.conditions if c.id == cond_id)


def deadlines(on: dt.date) -> dict[str, dt.date]:
    """The I2 and I3 deadlines in force on ``on`` (the engine's dated parameters)."""
    values = resolve(DEADLINE_KEYS, on).values
    return {key: values[key] for key in DEADLINE_KEYS}


def deferral_status(organisation: Organisation, on: dt.date) -> DeferralStatus:
    """I2 and I3 as the engine judges the organisation's registry facts on ``on``."""
    exp = explain(organisation.engine_facts(), on, policies=["I2", "I3"])
    dates = deadlines(on)
    return DeferralStatus(on, exp.result("I2"), exp.result("I3"), dates["i2_deadline"], dates["i3_deadline"])


@dataclass(frozen=True)
class BackPayment:
    explanation: Explanation
    result: PolicyResult
    deadline: dt.date
    paid_on: dt.date
    amount_due: Decimal
    days_late: int

    @property
    def late(self) -> bool:
        return self.result.status == "eligible"


def back_payment(*, amount_due: Decimal, deadline: dt.date, paid_on: dt.date) -> BackPayment:
    """The late fee (I4) for contributions paid on ``paid_on`` against ``deadline``; the rate is
    the one in force on the day of payment. Raises ``ParameterError`` when none is."""
    exp = explain({"kind": "back_payment", "amount_due": amount_due, "deadline": deadline, "paid_on": paid_on}, paid_on)
    # the engine's own measure of lateness (I4), shown as a figure of its own
    late = days_late.eval(Env(exp.facts, {}))
    assert isinstance(late, int)
    return BackPayment(exp, exp.result("I4"), deadline, paid_on, amount_due, max(late, 0))


def applications_for_organisation(organisation: Organisation) -> QuerySet[DeferralApplication]:
    return DeferralApplication.objects.filter(organisation=organisation).select_related("decided_by")


def queue_for(user: User, status: str = "") -> QuerySet[DeferralApplication]:
    """The applications of the industries the user's authority confirms; none for anyone else."""
    authority = authority_of(user)
    if authority is None:
        return DeferralApplication.objects.none()
    apps = DeferralApplication.objects.filter(industry__in=authority.industry_codes).select_related(
        "organisation__street", "decided_by"
    )
    if status in Status.values:
        apps = apps.filter(status=status)
    return apps.order_by("filed_on", "id")


#: the first day the deferral parameters are in force (附件5 covers contributions from January 2020)
DEFERRAL_START = dt.date(2020, 1, 1)
