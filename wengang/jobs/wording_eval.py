"""Measure the N17 wording check on the labelled corpus (``wording_corpus/*.csv``).

Each corpus row is a job-post wording written by hand with the verdict it must get (block / warn /
pass), the category it is about and a note. ``tuning.csv`` was written first and the rules were tuned
on it; ``holdout.csv`` was written afterwards and never used for tuning, so its figures are the honest
estimate. ``manage.py wording_report`` prints the table; ``tests/jobs/test_wording_corpus.py`` keeps the
figures from falling.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .wording import Verdict, check_post_text

CORPUS_DIR = Path(__file__).resolve().parent / "wording_corpus"
SPLITS = ("tuning", "holdout1", "holdout2", "holdout3", "holdout4")
VERDICTS = ("block", "warn", "pass")
CATEGORIES = ("epidemic_area", "hukou", "gender", "age", "ethnicity", "marriage")


@dataclass(frozen=True)
class Example:
    split: str
    line: int
    text: str
    expect: str
    category: str
    note: str


@dataclass(frozen=True)
class Outcome:
    example: Example
    got: str
    categories: frozenset[str]

    @property
    def right(self) -> bool:
        if self.got != self.example.expect:
            return False
        return self.got == "pass" or self.example.category in self.categories


def load(split: str) -> list[Example]:
    path = CORPUS_DIR / f"{split}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    examples = []
    for line, row in enumerate(rows, start=2):
        if row["expect"] not in VERDICTS:
            raise ValueError(f"{path.name} line {line}: expect must be one of {VERDICTS}")
        examples.append(Example(split, line, row["text"], row["expect"], row["category"], row.get("note") or ""))
    return examples


def verdict_of(verdict: Verdict) -> str:
    return "block" if verdict.blocked else "warn" if verdict.warnings else "pass"


def evaluate(examples: Iterable[Example]) -> list[Outcome]:
    outcomes = []
    for example in examples:
        verdict = check_post_text(example.text)
        flagged = verdict.blocked or verdict.warnings
        outcomes.append(Outcome(example, verdict_of(verdict), frozenset(f.category for f in flagged)))
    return outcomes


@dataclass(frozen=True)
class Row:
    label: str
    expected: int  # rows labelled with it
    predicted: int  # rows the check put in it
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None


def by_verdict(outcomes: list[Outcome]) -> list[Row]:
    """Precision and recall of each verdict (block, warn, pass)."""
    return [
        Row(
            v,
            sum(o.example.expect == v for o in outcomes),
            sum(o.got == v for o in outcomes),
            sum(o.example.expect == v and o.right for o in outcomes),
        )
        for v in VERDICTS
    ]


def by_category(outcomes: list[Outcome], level: str) -> list[Row]:
    """Per category at one level (block or warn): recall over the rows labelled ``level`` in that
    category; precision over the rows the check flagged at ``level`` with a finding of that category."""
    rows = []
    for category in CATEGORIES:
        labelled = [o for o in outcomes if o.example.expect == level and o.example.category == category]
        flagged = [o for o in outcomes if o.got == level and category in o.categories]
        if not labelled and not flagged:
            continue
        correct = sum(o.right for o in labelled)
        rows.append(Row(category, len(labelled), len(flagged), correct))
    return rows


def false_blocks(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.got == "block" and o.example.expect != "block"]


def mistakes(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if not o.right]


def _pct(value: float | None) -> str:
    return "   —  " if value is None else f"{value * 100:5.1f}%"


def table(outcomes: list[Outcome], title: str) -> str:
    lines = [f"{title}: {len(outcomes)} wordings, false blocks {len(false_blocks(outcomes))}"]
    lines.append(f"  {'':22} {'labelled':>8} {'flagged':>8} {'right':>6} {'precision':>9} {'recall':>8}")
    sections = [("verdict", by_verdict(outcomes)), ("block", by_category(outcomes, "block")),
                ("warn", by_category(outcomes, "warn"))]
    for name, rows in sections:
        for row in rows:
            label = row.label if name == "verdict" else f"{name} · {row.label}"
            lines.append(
                f"  {label:22} {row.expected:8d} {row.predicted:8d} {row.correct:6d} "
                f"{_pct(row.precision):>9} {_pct(row.recall):>8}"
            )
    return "\n".join(lines)
