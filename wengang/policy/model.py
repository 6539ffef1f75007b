"""How a rule is declared: conditions with clause ids and Chinese texts, an amount with its steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .expr import Expr

Format = Literal["pct", "rate", "yuan", "int", "num", "date", "text"]
#: the name of a kind of case; the kinds are registered by the rule modules (``kinds.py``)
Subject = str


@dataclass(frozen=True, eq=False)
class Show:
    """A figure quoted in an explanation: an expression and how to print it."""

    expr: Expr
    fmt: Format = "num"


@dataclass(frozen=True, eq=False)
class Condition:
    """One eligibility condition of a policy.

    ``met`` / ``unmet`` are Chinese templates filled with the ``shows`` figures and the parameter
    values (``{p:NAME}`` is not supported; pass parameters through ``shows``). ``unknown`` gets
    ``{missing}``, the labels of the facts that were not given.
    """

    id: str
    clause: str
    label: str
    test: Expr
    met: str
    unmet: str
    shows: Mapping[str, Show] = field(default_factory=dict)
    unknown: str = "信息不全，无法判断（缺少：{missing}）"
    #: what the applicant would need to change, shown when the condition is not met
    fix: str = ""


@dataclass(frozen=True, eq=False)
class Step:
    """One line of an amount's calculation, e.g. "参保职工 12 人 × 6 个月 × 1,600.00 元"."""

    text: str
    shows: Mapping[str, Show] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Monthly:
    """An amount paid month by month over a claimed period, each month priced with the parameter
    values in force in that month (a period across 1 July uses two sets of values).

    The period is the ``months`` months ending with the month of the date ``end``. Only the first
    ``limit`` months are paid (what is left of a maximum subsidy term), and none outside the
    contract (``contract_start`` / ``contract_end``, facts that may be absent). Months priced alike
    form runs; ``amount`` prices one run, reading the fact ``months`` as the run's length. The sum
    goes into the fact ``into`` and the number of paid months into ``paid_into``; a month without
    parameter values makes the sum unknown. ``steps`` describe one run."""

    end: str
    months: str
    amount: Expr
    into: str
    paid_into: str
    limit: Expr
    steps: tuple[Step, ...] = ()
    contract_start: str = ""
    contract_end: str = ""


@dataclass(frozen=True, eq=False)
class Roster:
    """A list in the case (``key``) whose items are judged by ``item``; the count of items that
    qualify (once per ``unique_by`` value) becomes the fact ``count_as`` for the policy."""

    key: str
    item: Policy
    count_as: str
    unique_by: str = ""
    #: a number added up per person (``unique_by``) before the person is judged, over the lines
    #: where ``total_if`` holds (e.g. class hours of several courses, in the training year)
    total: str = ""
    total_if: Expr | None = None


@dataclass(frozen=True, eq=False)
class Policy:
    """A subsidy or obligation: who it is for, its conditions and its amount."""

    id: str
    title: str
    clause: str
    subject: Subject
    conditions: tuple[Condition, ...]
    #: unrounded amount; the engine rounds it once, half-up to 0.01 yuan; None: no amount
    amount: Expr | None = None
    steps: tuple[Step, ...] = ()
    #: parameter names of the application window (start, end), if the notice sets one
    window: tuple[str, str] | None = None
    review: str = ""
    department: str = ""
    #: text shown when the policy applies (for obligations and deferrals without an amount)
    outcome: str = ""
    outcome_shows: Mapping[str, Show] = field(default_factory=dict)
    #: Chinese words for eligible / not eligible / unknown
    status_words: tuple[str, str, str] = ("符合", "不符合", "待定（信息不全）")
    #: for policies over a list (a training roster, placements): the list's key and its item rule
    roster: Roster | None = None
    #: for amounts priced month by month (OP1): computed before ``amount``, which reads its sum
    monthly: Monthly | None = None

    @property
    def eligible(self) -> Expr:
        from .expr import all_of

        return all_of(*(c.test for c in self.conditions))
