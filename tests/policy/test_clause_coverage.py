"""Every clause id of ``cases/clauses.yaml`` is implemented by a rule and exercised by a YAML case."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from wengang.policy.casefile import CASES_DIR, load_all
from wengang.policy.explain import param_keys, policies_for
from wengang.policy.kinds import kinds
from wengang.policy.model import Policy
from wengang.policy.params import load_parameters
from wengang.policy.rules.variants import VARIANTS

CLAUSES = yaml.safe_load((CASES_DIR / "clauses.yaml").read_text(encoding="utf-8"))
CONDITION_CLAUSES: list[str] = list(CLAUSES["conditions"])
AMOUNT_CLAUSES: list[str] = list(CLAUSES["amounts"])
ALL_CLAUSES = CONDITION_CLAUSES + AMOUNT_CLAUSES
POLICY_MD = Path(__file__).resolve().parents[3] / "shared/POLICY.md"
CLAUSE_IN_TEXT = re.compile(r"(?:OP\d(?:\.\d+(?:\(\d+\))?)?|N\d{1,2}|I\d|L\.[a-z]+(?:\(\d+\))?)")


def _all_policies() -> list[Policy]:
    out: list[Policy] = []
    for subject in kinds():
        for variant in VARIANTS:
            for policy in policies_for(subject, variant):
                out.append(policy)
                if policy.roster:
                    out.append(policy.roster.item)
    return out


@cache
def condition_citations() -> frozenset[str]:
    """Clause ids cited by a condition of any rule, for every kind of case and every variant."""
    return frozenset(cond.clause for policy in _all_policies() for cond in policy.conditions)


@cache
def other_citations() -> frozenset[str]:
    """Clause ids cited by a parameter a rule reads, or in the text of an amount's calculation steps."""
    params = load_parameters()
    out: set[str] = set()
    for subject in kinds():
        for variant in VARIANTS:
            out |= {params[key.partition("@")[0]].clause for key in param_keys(subject, variant)}
    for policy in _all_policies():
        for step in policy.steps:
            out |= set(CLAUSE_IN_TEXT.findall(step.text))
    return frozenset(out)


@cache
def case_citations() -> frozenset[str]:
    return frozenset(c for case in load_all() for c in case.cited_clauses())


def test_the_clause_list_is_not_empty() -> None:
    assert len(CONDITION_CLAUSES) >= 30
    assert len(set(ALL_CLAUSES)) == len(ALL_CLAUSES)


@pytest.mark.parametrize("clause", CONDITION_CLAUSES)
def test_condition_clause_is_cited_by_a_rule(clause: str) -> None:
    assert clause in condition_citations(), f"没有规则条件引用条款 {clause}（no rule condition cites {clause}）"


@pytest.mark.parametrize("clause", AMOUNT_CLAUSES)
def test_amount_clause_is_cited_by_a_rule(clause: str) -> None:
    cited = condition_citations() | other_citations()
    assert clause in cited, f"没有规则、参数或计算步骤引用条款 {clause}"


@pytest.mark.parametrize("clause", ALL_CLAUSES)
def test_clause_is_cited_by_a_case(clause: str) -> None:
    assert clause in case_citations(), f"没有 YAML 案例引用条款 {clause}（no case cites {clause}）"


def test_rules_cite_only_listed_clauses() -> None:
    """A condition citing an id that is not in the list is a typo or a missing list entry."""
    assert sorted(condition_citations() - set(ALL_CLAUSES)) == []


def _mentioned(clause: str, text: str) -> bool:
    """The id is in POLICY.md literally, inside a range such as ``L.mat(1)–(8)``, or as a sub-clause
    of an id that is (POLICY.md: "Sub-clauses follow the source numbering")."""
    if re.search(re.escape(clause) + r"(?![0-9.(])", text):
        return True
    if re.search(re.escape(clause) + r"\(\d+\)[–-]\(\d+\)", text):
        return True  # "L.circ" names the whole list L.circ(1)–(4)
    m = re.fullmatch(r"(.+)\((\d+)\)", clause)
    if m:
        stem, n = m.group(1), int(m.group(2))
        for lo, hi in re.findall(re.escape(stem) + r"\((\d+)\)[–-]\((\d+)\)", text):
            if int(lo) <= n <= int(hi):
                return True
        return stem.startswith("OP") and _mentioned(stem, text)
    m = re.fullmatch(r"(OP\d)\.\d+", clause)
    return bool(m) and _mentioned(m.group(1), text)


@pytest.mark.skipif(not POLICY_MD.exists(), reason="POLICY.md is not available here")
@pytest.mark.parametrize("clause", ALL_CLAUSES)
def test_clause_id_appears_in_policy_md(clause: str) -> None:
    assert _mentioned(clause, POLICY_MD.read_text(encoding="utf-8")), clause


def test_mention_rule() -> None:
    text = "Conditions (OP1.1): …; OP2.1(1) …; L.mat(1)–(8); OP4 per agency; OP3.2(3) cap"
    assert _mentioned("OP1.1(2)", text)
    assert _mentioned("OP2.1(1)", text)
    assert _mentioned("L.mat(8)", text) and not _mentioned("L.mat(9)", text)
    assert _mentioned("L.mat", text) and not _mentioned("L.fmt", text)
    assert _mentioned("OP4.1(2)", text)
    assert not _mentioned("OP7.1(1)", text)
    assert not _mentioned("OP3.2(1)", "OP3.2(3) cap")
