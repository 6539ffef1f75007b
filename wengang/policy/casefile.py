"""YAML case files: situations written by policy staff, with the outcome the notice requires.

A case file (``cases/*.yaml``, format in ``cases/README.md``) holds named base fact sets and a list
of cases. Each case is run through :func:`~wengang.policy.explain.explain`; an enterprise case is
also screened through the batch path (:func:`~wengang.policy.screen.validate` and
:func:`~wengang.policy.screen.screen_frame`) and the two must agree on eligibility, amount and the
clauses not met. Run from the command line::

    python -m wengang.policy.casefile [FILE.yaml ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from .explain import DEFAULT_ON, Explanation, PolicyResult, explain, policies_for
from .factfile import FactsLoader
from .fields import uscc_check_char
from .kinds import kinds
from .params import ParameterError, ParamValue, iso_date, load_parameters, parse_value
from .rules.variants import VARIANTS
from .screen import ROW, normalise_headers, resolve_for_screen, screen_frame, validate

CASES_DIR = Path(__file__).parent / "cases"
STATUS_WORDS = {
    "eligible": "eligible",
    "符合": "eligible",
    "ineligible": "ineligible",
    "不符合": "ineligible",
    "unknown": "unknown",
    "待定": "unknown",
}
COND_WORDS = {
    "met": "met",
    "符合": "met",
    "unmet": "unmet",
    "不符合": "unmet",
    "unknown": "unknown",
    "待定": "unknown",
}
STATUS_ZH = {"eligible": "符合", "ineligible": "不符合", "unknown": "待定", "met": "符合", "unmet": "不符合"}
AMOUNT_RE = re.compile(r"^-?[0-9]+\.[0-9]{2}$")
CASE_KEYS = {"name", "clause", "kind", "on", "variant", "base", "facts", "overrides", "expect", "note"}
POLICY_KEYS = {"status", "amount", "unmet", "provisional", "conditions", "counted", "window"}
#: the batch output columns compared with the single case, per enterprise policy
NO_AMOUNT = {"I2", "I3"}


class CaseFileError(ValueError):
    """A case file that cannot be read: the message names the file and the case."""


# ---- reading ------------------------------------------------------------------------------


def load_yaml(text: str) -> Any:
    """Parse YAML with decimals kept exact."""
    return yaml.load(text, Loader=FactsLoader)  # noqa: S506 - a SafeLoader subclass


@dataclass(frozen=True)
class PolicyExpect:
    """What one policy's result must be; ``None`` fields are not checked."""

    policy: str
    status: str | None = None
    #: the amount as written ("1234.50") or None for "unknown"; ``check_amount`` says if given
    amount: str | None = None
    check_amount: bool = False
    unmet: tuple[str, ...] | None = None
    provisional: bool | None = None
    conditions: Mapping[str, str] = field(default_factory=dict)
    counted: int | None = None
    window: tuple[dt.date, dt.date] | None = None


@dataclass(frozen=True)
class Case:
    """One situation of a case file, with its base facts already merged in."""

    file: str
    name: str
    clauses: tuple[str, ...]
    kind: str
    on: dt.date | None
    variant: str
    facts: Mapping[str, Any]
    overrides: Mapping[str, ParamValue]
    expect: tuple[PolicyExpect, ...]
    #: condition id → met/unmet/unknown, looked up in every policy of the case
    conditions: Mapping[str, str] = field(default_factory=dict)
    #: labels of the facts expected to be rejected as bad input; empty: no error allowed
    errors: tuple[str, ...] = ()
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"

    def cited_clauses(self) -> set[str]:
        """Clause ids this case speaks to: its ``clause`` and those in its expected results."""
        out = set(self.clauses)
        by_id = condition_clauses(self.kind, self.variant)
        for exp in self.expect:
            out |= set(exp.unmet or ())
            out |= {by_id[c] for c in exp.conditions}
        out |= {by_id[c] for c in self.conditions}
        return out


def condition_clauses(kind: str, variant: str = "baseline") -> dict[str, str]:
    """Condition id → clause id for every condition a kind of case is judged by."""
    out: dict[str, str] = {}
    for policy in policies_for(kind, variant):
        for pol in (policy, policy.roster.item if policy.roster else None):
            if pol is not None:
                out.update({c.id: c.clause for c in pol.conditions})
    return out


def _fail(where: str, message: str) -> CaseFileError:
    return CaseFileError(f"{where}：{message}")


def _expand(value: Any, where: str) -> Any:
    """Expand ``{repeat: N, item: {...}}`` entries of fact lists; ``{i}`` in a text is the number."""
    if isinstance(value, Mapping):
        return {k: _expand(v, where) for k, v in value.items()}
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for entry in value:
        if isinstance(entry, Mapping) and "repeat" in entry:
            if set(entry) - {"repeat", "start", "item"} or not isinstance(entry.get("item"), Mapping):
                raise _fail(where, "repeat 项须写成 {repeat: 次数, start: 起始编号（可省略）, item: {...}}")
            count, start = entry["repeat"], entry.get("start", 1)
            if not isinstance(count, int) or not isinstance(start, int) or count < 0:
                raise _fail(where, "repeat 和 start 须为非负整数")
            for i in range(start, start + count):
                out.append({k: v.replace("{i}", str(i)) if isinstance(v, str) else v for k, v in entry["item"].items()})
        else:
            out.append(_expand(entry, where))
    return out


def _date(raw: Any, where: str) -> dt.date:
    day = iso_date(raw)
    if day is None:
        raise _fail(where, f"日期 {raw!r} 应为 YYYY-MM-DD")
    return day


def _policy_expect(pid: str, raw: Any, where: str, cond_ids: Mapping[str, str]) -> PolicyExpect:
    if not isinstance(raw, Mapping):
        raise _fail(where, f'{pid} 的期望应为映射，如 {{status: eligible, amount: "0.00"}}')
    extra = set(raw) - POLICY_KEYS
    if extra:
        raise _fail(where, f"{pid} 有未知的期望项 {sorted(extra)}；可用：{sorted(POLICY_KEYS)}")
    status = None
    if "status" in raw:
        status = STATUS_WORDS.get(str(raw["status"]))
        if status is None:
            raise _fail(where, f"{pid} 的 status {raw['status']!r} 无效（eligible/ineligible/unknown）")
    amount, check_amount = None, "amount" in raw
    if check_amount and raw["amount"] is not None:
        if not isinstance(raw["amount"], str) or not AMOUNT_RE.match(raw["amount"]):
            raise _fail(where, f'{pid} 的 amount 应写成带两位小数的字符串，如 "9000.00"；未知写 null')
        amount = raw["amount"]
    unmet = None
    if "unmet" in raw:
        if not isinstance(raw["unmet"], list):
            raise _fail(where, f"{pid} 的 unmet 应为条款编号列表，如 [OP2.1(1)]")
        unmet = tuple(str(u) for u in raw["unmet"])
    conditions = _condition_expect(raw.get("conditions") or {}, where, cond_ids)
    window = None
    if "window" in raw:
        w = raw["window"]
        if not isinstance(w, list) or len(w) != 2:
            raise _fail(where, f"{pid} 的 window 应为 [开始日, 截止日]")
        window = (_date(w[0], where), _date(w[1], where))
    counted = raw.get("counted")
    if counted is not None and not isinstance(counted, int):
        raise _fail(where, f"{pid} 的 counted 应为整数")
    provisional = raw.get("provisional")
    if provisional is not None and not isinstance(provisional, bool):
        raise _fail(where, f"{pid} 的 provisional 应为 true/false")
    return PolicyExpect(pid, status, amount, check_amount, unmet, provisional, conditions, counted, window)


def _condition_expect(raw: Any, where: str, cond_ids: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise _fail(where, "conditions 应为 {条件编号: met/unmet/unknown}")
    out: dict[str, str] = {}
    for cid, word in raw.items():
        if cid not in cond_ids:
            raise _fail(where, f"未知的条件编号 {cid!r}；可用：{'、'.join(sorted(cond_ids))}")
        status = COND_WORDS.get(str(word))
        if status is None:
            raise _fail(where, f"条件 {cid} 的期望 {word!r} 无效（met/unmet/unknown）")
        out[str(cid)] = status
    return out


def _overrides(raw: Any, where: str) -> dict[str, ParamValue]:
    if not isinstance(raw, Mapping):
        raise _fail(where, "overrides 应为 {参数名: 值}")
    params = load_parameters()
    out: dict[str, ParamValue] = {}
    for name, value in raw.items():
        if name not in params:
            raise _fail(where, f"未知参数 {name!r}")
        try:
            out[str(name)] = parse_value(str(value) if isinstance(value, Decimal) else value, params[name].unit, name)
        except ParameterError as exc:
            raise _fail(where, str(exc)) from exc
    return out


def _case(raw: Any, index: int, stem: str, bases: Mapping[str, Mapping[str, Any]]) -> Case:
    where = f"{stem}.yaml 第{index}个案例"
    if not isinstance(raw, Mapping) or "name" not in raw:
        raise _fail(where, "每个案例须为映射并有 name")
    where = f"{stem}.yaml「{raw['name']}」"
    extra = set(raw) - CASE_KEYS
    if extra:
        raise _fail(where, f"未知的字段 {sorted(extra)}；可用：{sorted(CASE_KEYS)}")
    kind = str(raw.get("kind") or "enterprise")
    if kind not in kinds():
        raise _fail(where, f"kind {kind!r} 无效；可选：{'、'.join(kinds())}")
    variant = str(raw.get("variant") or "baseline")
    if variant not in VARIANTS:
        raise _fail(where, f"variant {variant!r} 无效；可选：{'、'.join(VARIANTS)}")
    clause = raw.get("clause")
    clauses = tuple(str(c) for c in clause) if isinstance(clause, list) else (str(clause),) if clause else ()
    if not clauses:
        raise _fail(where, "缺少 clause（本案例检验的条款编号）")
    facts: dict[str, Any] = {}
    base_names = raw.get("base") or []
    for base in [base_names] if isinstance(base_names, str) else base_names:
        if base not in bases:
            raise _fail(where, f"未定义的 base {base!r}")
        facts.update(bases[base])
    own = raw.get("facts") or {}
    if not isinstance(own, Mapping):
        raise _fail(where, "facts 应为 {字段: 值}")
    facts.update(own)
    facts = _expand(facts, where)
    on = _date(raw["on"], where) if raw.get("on") else None
    expect_raw = raw.get("expect")
    if not isinstance(expect_raw, Mapping) or not expect_raw:
        raise _fail(where, "缺少 expect")
    cond_ids = condition_clauses(kind, variant)
    policy_ids = {p.id for p in policies_for(kind, variant)}
    expects: list[PolicyExpect] = []
    conditions: dict[str, str] = {}
    errors: tuple[str, ...] = ()
    for key, value in expect_raw.items():
        if key == "conditions":
            conditions = _condition_expect(value, where, cond_ids)
        elif key == "errors":
            errors = tuple(str(e) for e in value or ())
        elif key in policy_ids:
            expects.append(_policy_expect(str(key), value, where, cond_ids))
        else:
            raise _fail(where, f"{key!r} 不是 {kind} 案例的政策；可选：{'、'.join(sorted(policy_ids))}")
    return Case(
        file=stem,
        name=str(raw["name"]),
        clauses=clauses,
        kind=kind,
        on=on,
        variant=variant,
        facts=facts,
        overrides=_overrides(raw.get("overrides") or {}, where),
        expect=tuple(expects),
        conditions=conditions,
        errors=errors,
        note=str(raw.get("note") or ""),
    )


def load_cases(path: Path) -> list[Case]:
    """Read one case file: ``bases`` (named fact sets, optional) and ``cases`` (a list)."""
    stem = path.stem
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{path.name}：YAML 格式错误：{exc}") from exc
    if isinstance(doc, list):
        doc = {"cases": doc}
    if not isinstance(doc, Mapping) or not isinstance(doc.get("cases"), list):
        raise CaseFileError(f"{path.name}：应包含 cases 列表")
    extra = set(doc) - {"bases", "cases"}
    if extra:
        raise CaseFileError(f"{path.name}：未知的顶层字段 {sorted(extra)}（可用 bases、cases）")
    bases = doc.get("bases") or {}
    if not isinstance(bases, Mapping) or not all(isinstance(b, Mapping) for b in bases.values()):
        raise CaseFileError(f"{path.name}：bases 应为 {{名称: {{字段: 值}}}}")
    cases = [_case(raw, i, stem, bases) for i, raw in enumerate(doc["cases"], start=1)]
    seen: set[str] = set()
    for case in cases:
        if case.name in seen:
            raise CaseFileError(f"{path.name}：案例名称重复「{case.name}」")
        seen.add(case.name)
    return cases


def case_files(directory: Path = CASES_DIR) -> list[Path]:
    """The case files of a directory (``clauses.yaml`` is the clause list, not a case file)."""
    return sorted(p for p in directory.glob("*.yaml") if p.name != "clauses.yaml")


def load_all(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every case file of the directory, in file order."""
    return [case for path in case_files(directory) for case in load_cases(path)]


# ---- running ------------------------------------------------------------------------------


@dataclass
class CaseResult:
    case: Case
    diffs: list[str] = field(default_factory=list)
    explanation: Explanation | None = None

    @property
    def passed(self) -> bool:
        return not self.diffs

    def report(self) -> str:
        """One line per case, and the differences below a failing one (Chinese / English)."""
        mark = "✓" if self.passed else "✗"
        head = f"{mark} {self.case.id} [{', '.join(self.case.clauses)}]"
        return "\n".join([head, *(f"    {d}" for d in self.diffs)])


def _money(value: Decimal | None) -> str:
    return "null（未知 unknown）" if value is None else f'"{value:.2f}"'


def _status(word: str | None) -> str:
    return "—" if word is None else f"{word}（{STATUS_ZH.get(word, word)}）"


def _explain(case: Case) -> Explanation:
    facts = dict(case.facts)
    facts["kind"] = case.kind
    return explain(facts, case.on, variant=case.variant, overrides=case.overrides or None)


def _check_policy(exp: PolicyExpect, res: PolicyResult) -> list[str]:
    diffs: list[str] = []
    pid = exp.policy
    if exp.status is not None and exp.status != res.status:
        diffs.append(f"{pid} 状态 status：期望 expected {_status(exp.status)}，实际 actual {_status(res.status)}")
    if exp.check_amount:
        want = None if exp.amount is None else Decimal(exp.amount)
        if want != res.amount or (want is not None and res.amount is not None and f"{res.amount:.2f}" != exp.amount):
            diffs.append(f"{pid} 金额 amount：期望 expected {_money(want)}，实际 actual {_money(res.amount)}")
    if exp.unmet is not None and sorted(set(exp.unmet)) != sorted(res.unmet):
        diffs.append(f"{pid} 未满足条款 unmet：期望 expected {list(exp.unmet)}，实际 actual {res.unmet}")
    if exp.provisional is not None and exp.provisional != res.provisional:
        diffs.append(f"{pid} 待核实 provisional：期望 expected {exp.provisional}，实际 actual {res.provisional}")
    if exp.counted is not None:
        counted = sum(1 for item in res.items if item.counted)
        if counted != exp.counted:
            diffs.append(f"{pid} 计入名单人数 counted：期望 expected {exp.counted}，实际 actual {counted}")
    if exp.window is not None and exp.window != res.window:
        got = None if res.window is None else [d.isoformat() for d in res.window]
        diffs.append(f"{pid} 申请期 window：期望 expected {[d.isoformat() for d in exp.window]}，实际 actual {got}")
    diffs.extend(_check_conditions(exp.conditions, [res]))
    return diffs


def _check_conditions(expected: Mapping[str, str], results: Sequence[PolicyResult]) -> list[str]:
    got = {c.id: (c.status, c.text) for r in results for c in r.conditions}
    diffs = []
    for cid, want in expected.items():
        status, text = got.get(cid, (None, ""))
        if status != want:
            diffs.append(
                f"条件 condition {cid}：期望 expected {_status(want)}，实际 actual {_status(status)}"
                + (f"——{text}" if text else "")
            )
    return diffs


def check(case: Case, expl: Explanation) -> list[str]:
    """The differences between a case's expectations and its explanation (empty: it passes)."""
    diffs: list[str] = []
    got_errors = [e.field for e in expl.errors]
    if sorted(got_errors) != sorted(case.errors):
        detail = "；".join(f"{e.field}：{e.message}" for e in expl.errors) or "无 none"
        diffs.append(f"输入错误 errors：期望 expected {list(case.errors)}，实际 actual {got_errors}（{detail}）")
    for exp in case.expect:
        diffs.extend(_check_policy(exp, expl.result(exp.policy)))
    diffs.extend(_check_conditions(case.conditions, expl.results))
    return diffs


# ---- the batch path -------------------------------------------------------------------------


def _cell(value: Any) -> str | None:
    """A fact as a registry cell (text, as in a CSV file)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _uscc(n: int) -> str:
    first = f"91110105{n:09d}"
    check = uscc_check_char(first)
    assert check is not None
    return first + check


def frame_of(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A registry extract of text cells, one row per facts mapping; a missing credit code is made up."""
    columns: list[str] = ["uscc"]
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    data = {
        col: [_cell(row.get(col)) if col != "uscc" or row.get("uscc") else _uscc(i + 1) for i, row in enumerate(rows)]
        for col in columns
    }
    return pl.DataFrame(data, schema={c: pl.String for c in columns})


@dataclass(frozen=True)
class BatchRow:
    """One row of the batch output, or the reasons it was rejected."""

    values: Mapping[str, Any] | None
    rejected: tuple[str, ...] = ()


def screen_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    on: dt.date | None = None,
    variant: str = "baseline",
    overrides: Mapping[str, ParamValue] | None = None,
) -> list[BatchRow]:
    """Screen fact mappings as one registry extract; one result per mapping, in order."""
    df = normalise_headers(frame_of(rows))
    checked = validate(df)
    resolved = resolve_for_screen(on or DEFAULT_ON, variant, overrides)
    out = screen_frame(checked, variant=variant, resolved=resolved)
    by_row = dict(zip(checked.raw[ROW].to_list(), out.iter_rows(named=True), strict=True))
    reasons: dict[int, list[str]] = {}
    for rej in checked.rejects.iter_rows(named=True):
        reasons.setdefault(rej["row"], []).append(f"{rej['column']}：{rej['reason']}")
    return [BatchRow(by_row.get(i), tuple(reasons.get(i, ()))) for i in range(1, len(rows) + 1)]


def compare_batch(expl: Explanation, row: BatchRow) -> list[str]:
    """Where the batch output of one enterprise disagrees with its single-case explanation."""
    if expl.errors:
        if row.values is not None:
            return ["批量 batch：单案有输入错误，批量却接受了该行 (single rejects the facts, batch accepted the row)"]
        return []
    if row.values is None:
        return [f"批量 batch：该行被退回 (row rejected)：{'；'.join(row.rejected)}"]
    diffs = []
    for res in expl.results:
        pid = res.policy.lower()
        single_eligible = {"eligible": True, "ineligible": False, "unknown": None}[res.status]
        batch_eligible = row.values[f"{pid}_eligible"]
        if single_eligible != batch_eligible:
            diffs.append(
                f"批量 batch {res.policy} eligible：单案 single {single_eligible}，批量 batch {batch_eligible}"
            )
        if res.policy not in NO_AMOUNT:
            batch_amount = row.values[f"{pid}_amount"]
            if res.amount != batch_amount:
                diffs.append(
                    f"批量 batch {res.policy} amount：单案 single {_money(res.amount)}，批量 batch {_money(batch_amount)}"
                )
        batch_unmet = row.values[f"{pid}_unmet"]
        batch_list = batch_unmet.split(";") if batch_unmet else []
        if batch_list != res.unmet:
            diffs.append(f"批量 batch {res.policy} unmet：单案 single {res.unmet}，批量 batch {batch_list}")
    return diffs


def _batch_key(case: Case) -> tuple[Any, ...]:
    return (case.on, case.variant, tuple(sorted((k, str(v)) for k, v in case.overrides.items())))


def run_cases(cases: Iterable[Case], *, batch: bool = True) -> list[CaseResult]:
    """Run cases; enterprise cases are also screened, grouped into one extract per run setting."""
    results: list[CaseResult] = []
    groups: dict[tuple[Any, ...], list[CaseResult]] = {}
    for case in cases:
        result = CaseResult(case)
        try:
            result.explanation = _explain(case)
        except Exception as exc:  # a case that crashes the engine is a failing case, not a crash
            result.diffs.append(f"运行出错 error：{type(exc).__name__}: {exc}")
        else:
            result.diffs.extend(check(case, result.explanation))
            if batch and case.kind == "enterprise":
                # a case with its own credit code is screened alone, so codes never collide
                key = _batch_key(case) + ((case.id,) if case.facts.get("uscc") else ())
                groups.setdefault(key, []).append(result)
        results.append(result)
    for group in groups.values():
        first = group[0].case
        try:
            rows = screen_rows(
                [r.case.facts for r in group], on=first.on, variant=first.variant, overrides=first.overrides or None
            )
        except Exception as exc:
            for r in group:
                r.diffs.append(f"批量运行出错 batch error：{type(exc).__name__}: {exc}")
            continue
        for r, row in zip(group, rows, strict=True):
            assert r.explanation is not None
            r.diffs.extend(compare_batch(r.explanation, row))
    return results


def run_case(case: Case, *, batch: bool = True) -> CaseResult:
    """Run one case (and, for an enterprise, its one-row batch screening)."""
    return run_cases([case], batch=batch)[0]


def run_file(path: Path, *, batch: bool = True) -> list[CaseResult]:
    return run_cases(load_cases(path), batch=batch)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wengang.policy.casefile", description="运行 YAML 案例文件")
    parser.add_argument("files", nargs="*", type=Path, help="案例文件（默认：wengang/policy/cases/*.yaml）")
    parser.add_argument("--no-batch", action="store_true", help="不做批量筛查一致性检查")
    parser.add_argument("-q", "--quiet", action="store_true", help="只显示未通过的案例")
    args = parser.parse_args(argv)
    paths: list[Path] = args.files or case_files()
    try:
        cases = [case for path in paths for case in load_cases(path)]
    except CaseFileError as err:
        print(f"案例文件有误：{err}", file=sys.stderr)
        return 2
    results = run_cases(cases, batch=not args.no_batch)
    for r in results:
        if not (args.quiet and r.passed):
            print(r.report())
    failed = sum(1 for r in results if not r.passed)
    print(f"\n{len(results) - failed} 通过 passed，{failed} 未通过 failed（共 {len(results)} 个案例）")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
