"""One case, explained: per policy eligible / not / unknown, the amount and why, in Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from functools import cache, lru_cache
from typing import Any, Literal

from .expr import Env, Expr, Value, round_money_value
from .facts import FactError, read_case, read_enterprise
from .fields import field_label
from .kinds import get_kind, kinds
from .model import Condition, Policy, Roster, Show
from .params import STATUS_ZH, ParamValue, Resolved, UsedParameter, load_parameters, resolve
from .rules.variants import check_variant

Status = Literal["eligible", "ineligible", "unknown"]
CondStatus = Literal["met", "unmet", "unknown"]
#: the decision date when none is given: the first day both OP2 and OP3 windows are open
DEFAULT_ON = dt.date(2020, 5, 1)
MARK = {"met": "符合", "unmet": "不符合", "unknown": "待定"}


@cache
def policies_for(subject: str, variant: str = "baseline") -> tuple[Policy, ...]:
    """Every policy that applies to a kind of case (as its rule module registers it, ``kinds.py``)."""
    check_variant(variant)
    return get_kind(subject).policies(variant)


@cache
def param_keys(subject: str, variant: str) -> frozenset[str]:
    keys: set[str] = set()
    for policy in policies_for(subject, variant):
        for pol in (policy, policy.roster.item if policy.roster else None):
            if pol is None:
                continue
            for cond in pol.conditions:
                keys |= _params_of(cond.test, *[s.expr for s in cond.shows.values()])
            if pol.amount is not None:
                keys |= _params_of(pol.amount)
            if pol.monthly is not None:
                keys |= _monthly_params(pol)
            for step in pol.steps:
                keys |= _params_of(*[s.expr for s in step.shows.values()])
            keys |= _params_of(*[s.expr for s in pol.outcome_shows.values()])
            if pol.window:
                keys |= set(pol.window)
    return frozenset(keys)


def _params_of(*exprs: Expr) -> set[str]:
    out: set[str] = set()
    for e in exprs:
        out |= e.param_names()
    return out


@cache
def _policy_params(policy: Policy) -> tuple[frozenset[str], frozenset[str]]:
    """Parameter keys read by the conditions, and by the amount."""
    cond = _params_of(*(c.test for c in policy.conditions))
    amount = _params_of(policy.amount) if policy.amount is not None else set()
    return frozenset(cond), frozenset(amount)


@cache
def _monthly_params(policy: Policy) -> frozenset[str]:
    """Parameter keys a month-by-month amount reads (priced per month)."""
    m = policy.monthly
    if m is None:
        return frozenset()
    return frozenset(_params_of(m.amount, m.limit, *[s.expr for step in m.steps for s in step.shows.values()]))


@cache
def _inputs(expr: Expr) -> tuple[str, ...]:
    return tuple(sorted(expr.inputs()))


@lru_cache(maxsize=256)
def _resolve_cached(keys: frozenset[str], on: dt.date, missing_ok: bool = False) -> Resolved:
    return resolve(keys, on, missing_ok=missing_ok)


# ---- formatting of figures -----------------------------------------------------------------


def fmt(value: Any, kind: str) -> str:
    """A figure as shown to people: "6.10%", "1,234.50 元", "12"; "未知" when unknown."""
    if value is None:
        return "未知"
    if kind == "text":
        return str(value)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "rate":
        # a rate as the notice writes it: 5.2%, 50%, 0.05%
        return f"{(Decimal(value) * 100).normalize():f}%"
    if kind == "pct":
        # two decimals, cut rather than rounded: a figure never appears to reach a threshold it
        # misses (a growth of 19.996% reads "19.99%" beside a 20% tier, a layoff rate of
        # 5.1999% reads "5.19%" beside "below 5.2%")
        return f"{(Decimal(value) * 100).quantize(Decimal('0.01'), rounding=ROUND_DOWN)}%"
    if kind == "yuan":
        return f"{Decimal(value):,.2f} 元"
    if kind == "int":
        return f"{value}"
    if isinstance(value, Decimal):
        normal = value.normalize()
        if normal == normal.to_integral_value():
            return f"{normal.to_integral_value():f}"
        return f"{normal.quantize(Decimal('0.01')) if abs(normal.as_tuple().exponent) > 2 else normal:f}"  # type: ignore[arg-type]
    return str(value)


def _fill(template: str, shows: Mapping[str, Show], env: Env, extra: Mapping[str, str] | None = None) -> str:
    if not shows and not extra:
        return template
    values = {k: fmt(s.expr.eval(env), s.fmt) for k, s in shows.items()}
    if extra:
        values.update(extra)
    return template.format(**values)


# ---- results -------------------------------------------------------------------------------


@dataclass
class ConditionResult:
    id: str
    clause: str
    label: str
    status: CondStatus
    text: str
    missing: list[str] = field(default_factory=list)
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "label": self.label,
            "status": self.status,
            "text": self.text,
            "missing": self.missing,
            "fix": self.fix,
        }


@dataclass
class ItemResult:
    """One roster line (a trainee, a placement) and whether it counts."""

    index: int
    key: str
    status: Status
    conditions: list[ConditionResult]
    counted: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "key": self.key,
            "status": self.status,
            "counted": self.counted,
            "conditions": [c.to_dict() for c in self.conditions],
        }


@dataclass
class PolicyResult:
    policy: str
    title: str
    clause: str
    status: Status
    status_text: str
    amount: Decimal | None
    amount_steps: list[str]
    conditions: list[ConditionResult]
    provisional: bool
    parameters: list[UsedParameter]
    outcome: str = ""
    window: tuple[dt.date, dt.date] | None = None
    on: dt.date = DEFAULT_ON
    review: str = ""
    department: str = ""
    items: list[ItemResult] = field(default_factory=list)

    @property
    def unmet(self) -> list[str]:
        """Clause ids of the conditions not met, each once, in order."""
        out: list[str] = []
        for c in self.conditions:
            if c.status == "unmet" and c.clause not in out:
                out.append(c.clause)
        return out

    @property
    def window_state(self) -> str:
        """Whether the application window is open on the decision date: 未开始 / 申请期内 / 已结束."""
        if not self.window:
            return ""
        start, end = self.window
        if self.on < start:
            return "申请期未开始"
        if self.on > end:
            return "申请期已结束"
        return "申请期内"

    @property
    def has_amount(self) -> bool:
        return bool(self.amount_steps) or self.amount is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "title": self.title,
            "clause": self.clause,
            "status": self.status,
            "status_text": self.status_text,
            "amount": None if self.amount is None else f"{self.amount:.2f}",
            "amount_steps": self.amount_steps,
            "unmet": self.unmet,
            "provisional": self.provisional,
            "outcome": self.outcome,
            "window": [d.isoformat() for d in self.window] if self.window else None,
            "window_state": self.window_state,
            "review": self.review,
            "department": self.department,
            "conditions": [c.to_dict() for c in self.conditions],
            "items": [i.to_dict() for i in self.items],
            "parameters": [p.to_dict() for p in self.parameters],
        }


@dataclass
class Explanation:
    subject: str
    on: dt.date
    variant: str
    results: list[PolicyResult]
    errors: list[FactError] = field(default_factory=list)
    facts: Mapping[str, Value] = field(default_factory=dict)

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.results)

    def result(self, policy: str) -> PolicyResult:
        for r in self.results:
            if r.policy == policy:
                return r
        raise KeyError(policy)

    @property
    def amount_total(self) -> Decimal:
        """Sum of the known amounts (a lower bound when some are unknown)."""
        return sum((r.amount for r in self.results if r.amount is not None), Decimal("0.00"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "on": self.on.isoformat(),
            "variant": self.variant,
            "provisional": self.provisional,
            "amount_total": f"{self.amount_total:.2f}",
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
            "results": [r.to_dict() for r in self.results],
        }

    def to_text(self) -> str:
        """The explanation in Chinese, as printed by ``wengang explain``."""
        registered = kinds().get(self.subject)
        heading = registered.label if registered else self.subject
        lines = [f"{heading} · 决定日期 {self.on.isoformat()} · 解读方案 {self.variant}"]
        name = self.facts.get("name")
        if name:
            lines.append(f"单位：{name}")
        for err in self.errors:
            lines.append(f"！输入有误：{err.field}：{err.message}")
        for r in self.results:
            head = f"\n【{r.policy} {r.title}】{r.status_text}"
            if r.amount is not None and r.has_amount:
                head += f"  金额 {r.amount:,.2f} 元"
            elif r.status != "ineligible" and r.amount_steps:
                head += "  金额待定"
            if r.provisional:
                head += "  （待核实：引用了未确认的参数）"
            lines.append(head)
            for c in r.conditions:
                lines.append(f"  {MARK[c.status]}：{c.text} [{c.clause}]")
                if c.status == "unmet" and c.fix:
                    lines.append(f"      如何满足：{c.fix}")
            for item in r.items:
                lines.append(f"  · 名单第{item.index}行 {item.key}：{'计入' if item.counted else '不计入'}")
                for c in item.conditions:
                    if c.status != "met":
                        lines.append(f"      {MARK[c.status]}：{c.text} [{c.clause}]")
            if r.outcome:
                lines.append(f"  结果：{r.outcome}")
            if r.status == "eligible" and r.amount_steps:
                lines.append("  计算：")
                lines.extend(f"    {s}" for s in r.amount_steps)
            if r.window:
                lines.append(
                    f"  申请期：{r.window[0].isoformat()} 至 {r.window[1].isoformat()}（决定日期：{r.window_state}）"
                )
            used = [p for p in r.parameters if p.provisional]
            for p in used:
                lines.append(f"  参数 {p.label} = {p.display()}（{STATUS_ZH[p.status]}；{p.source}）")
        if any(r.amount is not None for r in self.results) and self.subject == "enterprise":
            lines.append(f"\n合计（已知金额）：{self.amount_total:,.2f} 元")
        return "\n".join(lines)


# ---- evaluation ----------------------------------------------------------------------------


def _condition(cond: Condition, env: Env, subject: str) -> tuple[Value, ConditionResult]:
    value = cond.test.eval(env)
    if value is None:
        missing = [n for n in _inputs(cond.test) if env.facts.get(n) is None]
        labels = "、".join(field_label(n, subject) for n in missing)
        text = cond.unknown.format(missing=labels or "前置条件")
        return None, ConditionResult(cond.id, cond.clause, cond.label, "unknown", text, missing)
    if value:
        return True, ConditionResult(cond.id, cond.clause, cond.label, "met", _fill(cond.met, cond.shows, env))
    fix = _fill(cond.fix, cond.shows, env) if cond.fix else ""
    return False, ConditionResult(
        cond.id, cond.clause, cond.label, "unmet", _fill(cond.unmet, cond.shows, env), fix=fix
    )


def _judge(policy: Policy, env: Env) -> tuple[Status, list[ConditionResult]]:
    results = []
    unknown = False
    failed = False
    for cond in policy.conditions:
        value, res = _condition(cond, env, policy.subject)
        results.append(res)
        if value is None:
            unknown = True
        elif not value:
            failed = True
    status: Status = "ineligible" if failed else ("unknown" if unknown else "eligible")
    return status, results


def _roster(
    policy: Policy, facts: dict[str, Value], params: Mapping[str, Any]
) -> tuple[list[ItemResult], int | None, int | None]:
    """Judge each line of the case's list; return the lines, the count known to qualify, and
    the count that might (lines whose result is unknown could still qualify)."""
    roster = policy.roster
    assert roster is not None
    items = facts.get(roster.key)
    if not isinstance(items, list):
        # no list (or ``null``): the count is unknown unless it is given itself; an empty list is 0
        count = facts.get(roster.count_as)
        known = count if isinstance(count, int) and not isinstance(count, bool) else None
        return [], known, known
    out: list[ItemResult] = []
    seen: set[Any] = set()
    maybe: set[Any] = set()
    counted = 0
    possible = 0
    lines = [(i, item if isinstance(item, dict) else {}) for i, item in enumerate(items, start=1)]
    if roster.total and roster.unique_by:
        lines = _totals_per_person(roster, lines, params)
    for i, item_facts in lines:
        status, conds = _judge(roster.item, Env(item_facts, params))
        key = item_facts.get(roster.unique_by) if roster.unique_by else None
        take = status == "eligible" and (key is None or key not in seen)
        if take:
            counted += 1
            if key is not None:
                seen.add(key)
        elif status == "eligible":
            conds.append(
                ConditionResult(
                    "roster.duplicate", roster.item.clause, "同一人员只计一次", "unmet", f"{key} 已计入，不重复计算"
                )
            )
        elif status == "unknown" and (key is None or (key not in seen and key not in maybe)):
            possible += 1
            if key is not None:
                maybe.add(key)
        out.append(ItemResult(i, str(key or item_facts.get("name") or ""), status, conds, take))
    return out, counted, counted + possible


def _totals_per_person(
    roster: Roster, lines: list[tuple[int, dict[str, Any]]], params: Mapping[str, Any]
) -> list[tuple[int, dict[str, Any]]]:
    """One line per person: ``roster.total`` added up over the person's lines where
    ``roster.total_if`` holds; a fact the lines disagree on is unknown. A person without such a
    line keeps the first line as written (it fails the rule that ``total_if`` tests)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    first: dict[Any, int] = {}
    for i, facts in lines:
        key = facts.get(roster.unique_by)
        key = ("line", i) if key is None else key
        groups.setdefault(key, []).append(facts)
        first.setdefault(key, i)
    out: list[tuple[int, dict[str, Any]]] = []
    for key, group in groups.items():
        chosen = [f for f in group if roster.total_if is None or roster.total_if.eval(Env(f, params)) is True]
        if not chosen:
            out.append((first[key], group[0]))
            continue
        merged: dict[str, Any] = {}
        for name in dict.fromkeys(n for f in chosen for n in f):
            values = [f.get(name) for f in chosen]
            merged[name] = values[0] if all(v == values[0] for v in values) else None
        totals = [f.get(roster.total) for f in chosen]
        merged[roster.total] = None if any(t is None for t in totals) else sum(totals)
        out.append((first[key], merged))
    return out


Resolver = Callable[[dt.date], Resolved]


def _month_starts(end: dt.date, count: int) -> list[dt.date]:
    year, month = end.year, end.month
    out = []
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + 1, 1, 1) if first.month == 12 else dt.date(first.year, first.month + 1, 1)
    return nxt - dt.timedelta(days=1)


def _month_span(first: dt.date, last: dt.date) -> str:
    a = f"{first.year}年{first.month}月"
    b = a if first == last else (f"{last.month}月" if last.year == first.year else f"{last.year}年{last.month}月")
    return a if first == last else f"{a}–{b}"


def _monthly(
    policy: Policy, facts: dict[str, Value], params: Mapping[str, Any], resolver: Resolver
) -> tuple[dict[str, Value], list[str], list[UsedParameter]]:
    """Price a month-by-month amount (``Policy.monthly``): the facts with its sum and paid months,
    the steps of each run of months priced alike, and the parameters each run read."""
    m = policy.monthly
    assert m is not None
    out = {**facts, m.into: None, m.paid_into: None}
    end, count = facts.get(m.end), facts.get(m.months)
    if not isinstance(end, dt.date) or not isinstance(count, int) or isinstance(count, bool) or count <= 0:
        return out, [], []
    limit = m.limit.eval(Env(facts, params))
    if not isinstance(limit, (int, Decimal)) or isinstance(limit, bool):
        return out, [], []
    months = _month_starts(end, count)[: max(0, min(count, int(limit)))]
    start_c = facts.get(m.contract_start) if m.contract_start else None
    end_c = facts.get(m.contract_end) if m.contract_end else None
    if isinstance(start_c, dt.date):
        months = [d for d in months if _month_end(d) >= start_c]
    if isinstance(end_c, dt.date):
        months = [d for d in months if d <= end_c]
    out[m.paid_into] = len(months)
    keys = _monthly_params(policy)
    runs: list[tuple[list[dt.date], Resolved]] = []
    for first in months:
        resolved = resolver(first)
        signature = {k: resolved.values.get(k) for k in keys}
        if runs and {k: runs[-1][1].values.get(k) for k in keys} == signature:
            runs[-1][0].append(first)
        else:
            runs.append(([first], resolved))
    total: Decimal | None = Decimal(0)
    steps: list[str] = []
    used: list[UsedParameter] = []
    for run, resolved in runs:
        env = Env({**facts, m.months: len(run)}, resolved.values)
        value = m.amount.eval(env)
        head = f"{_month_span(run[0], run[-1])}（{len(run)} 个月）"
        missing = sorted(k for k in keys if resolved.values.get(k) is None)
        if value is None and missing:
            labels = "、".join(load_parameters()[k.partition("@")[0]].label for k in missing)
            steps.append(f"{head}：参数表中没有该期间的值（{labels}），金额待定")
        elif value is None:
            steps.append(f"{head}：信息不全，金额待定")
        else:
            steps.append(f"{head}，按该期间适用的参数：")
            steps.extend("  " + _fill(s.text, s.shows, env) for s in m.steps)
        used.extend(resolved.used[k] for k in sorted(keys) if k in resolved.used)
        total = None if value is None or total is None else total + Decimal(value)  # type: ignore[arg-type]
    out[m.into] = total
    return out, steps, used


def _amount(policy: Policy, status: Status, env: Env) -> Decimal | None:
    """0.00 when not eligible, the rounded amount when eligible, unknown otherwise."""
    if policy.amount is None:
        return None
    if status == "ineligible":
        return Decimal("0.00")
    if status == "unknown":
        return None
    raw = policy.amount.eval(env)
    return None if raw is None else round_money_value(raw)  # type: ignore[arg-type]


def evaluate(
    policy: Policy,
    facts: dict[str, Value],
    params: Mapping[str, Any],
    used: Mapping[str, UsedParameter],
    memo: dict[int, Value] | None = None,
    on: dt.date = DEFAULT_ON,
    resolver: Resolver | None = None,
) -> PolicyResult:
    """Judge one policy for one case's facts and resolved parameter values.

    ``memo`` may be shared by the policies of one case, so a named quantity is computed once.
    """
    items: list[ItemResult] = []
    spread: tuple[Status, Decimal | None] | None = None
    if policy.roster:
        # Lines with unknown results make the count a range: judge both ends, and where they
        # disagree the result (or just the amount) is unknown.
        items, low, high = _roster(policy, facts, params)
        if high != low and high is not None:
            top = {**facts, policy.roster.count_as: high}
            top_status, _ = _judge(policy, Env(top, params))
            spread = (top_status, _amount(policy, top_status, Env(top, params)))
        facts = {**facts, policy.roster.count_as: low}
    env = Env(facts, params, {} if memo is None or policy.roster else memo)
    status, conds = _judge(policy, env)
    run_steps: list[str] = []
    run_used: list[UsedParameter] = []
    if policy.monthly is not None and resolver is not None and status != "ineligible":
        facts, run_steps, run_used = _monthly(policy, facts, params, resolver)
        env = Env(facts, params)
    amount = _amount(policy, status, env)
    if spread is not None:
        if spread[0] != status:
            status = "unknown"
            conds = [
                ConditionResult(c.id, c.clause, c.label, "unknown", c.text + "（名单中有待定的行，结果可能改变）")
                if c.status != "met"
                else c
                for c in conds
            ]
            amount = None
        elif spread[1] != amount:
            amount = None
    steps: list[str] = []
    if policy.amount is not None and status != "ineligible":
        steps = run_steps + [_fill(s.text, s.shows, env) for s in policy.steps]
        if amount is not None:
            steps.append(f"= {amount:,.2f} 元（四舍五入到分）")
    outcome = ""
    if policy.outcome and status == "eligible":
        outcome = _fill(policy.outcome, policy.outcome_shows, env)
    cond_keys, amount_keys = _policy_params(policy)
    keys = set(cond_keys) | (set(amount_keys) if status != "ineligible" else set())
    if policy.roster:
        keys |= _policy_params(policy.roster.item)[0]
    parameters = [used[k] for k in sorted(keys) if k in used]
    for u in run_used:
        if u not in parameters:
            parameters.append(u)
    window = None
    if policy.window:
        start, end = params[policy.window[0]], params[policy.window[1]]
        window = (start, end)
    words = policy.status_words
    status_text = {"eligible": words[0], "ineligible": words[1], "unknown": words[2]}[status]
    return PolicyResult(
        policy=policy.id,
        title=policy.title,
        clause=policy.clause,
        status=status,
        status_text=status_text,
        amount=amount,
        amount_steps=steps,
        conditions=conds,
        provisional=any(p.provisional for p in parameters),
        parameters=parameters,
        outcome=outcome,
        window=window,
        on=on,
        review=policy.review,
        department=policy.department,
        items=items,
    )


def explain(
    case: Mapping[str, Any],
    on: dt.date | None = None,
    *,
    variant: str = "baseline",
    overrides: Mapping[str, ParamValue] | None = None,
    policies: Sequence[str] | None = None,
) -> Explanation:
    """Explain one case.

    ``case`` holds the facts; its ``kind`` (default ``enterprise``) says which policies apply:
    ``enterprise``, ``worker`` (OP1), ``agency`` (OP4), ``training`` (OP6 roster), ``layoff``
    (L.cond), ``back_payment`` (I4) or ``unemployment`` (N8 失业保险金). Facts that cannot be read are reported in ``errors`` and
    treated as unknown. ``on`` is the decision date that picks the parameter values.
    """
    subject = str(case.get("kind") or "enterprise")
    on = on or DEFAULT_ON
    chosen = policies_for(subject, variant)
    if policies:
        wanted = {p.upper() for p in policies}
        chosen = tuple(p for p in chosen if p.id.upper() in wanted)
    raw = {k: v for k, v in case.items() if k != "kind"}
    if subject == "enterprise":
        facts, errors = read_enterprise(raw)
    else:
        facts, errors = read_case(subject, raw)
    # OP1 pays for months already worked, whenever the claim is decided: its conditions read the
    # values in force at the end of the claimed period, and each month is priced with the values
    # in force in that month (a value missing for a month leaves the amount unknown, not an error)
    period_end = facts.get("period_end")
    worker = subject == "worker"
    param_on = period_end if worker and isinstance(period_end, dt.date) else on
    keys = param_keys(subject, variant)
    resolved = (
        resolve(keys, param_on, overrides, missing_ok=worker)
        if overrides
        else _resolve_cached(keys, param_on, worker)
    )

    def resolver(month: dt.date) -> Resolved:
        if overrides:
            return resolve(keys, month, overrides, missing_ok=True)
        return _resolve_cached(keys, month, True)

    memo: dict[int, Value] = {}
    results = [evaluate(p, facts, resolved.values, resolved.used, memo, on, resolver) for p in chosen]
    return Explanation(subject, on, variant, results, errors, facts)
