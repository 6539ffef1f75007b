"""N17: the wording check every job post passes before it is published.

Rules are data (``WordingRule``, seeded by migration 0003, edited by administrators). A ``block``
rule refuses the post (refusing people from epidemic areas or by hukou/origin); a ``warn`` rule
sends it to the staff moderation queue (gender, age, ethnicity, marital/childbearing status).
Each finding carries the clause, the words found, why, and a suggested rewrite.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .models import WordingRule


@dataclass(frozen=True)
class Finding:
    rule_id: int
    kind: str
    category: str
    category_label: str
    clause: str
    matched: str
    explanation: str
    suggestion: str

    def __str__(self) -> str:
        return f"“{self.matched}”（{self.category_label}，{self.clause}）：{self.explanation}建议：{self.suggestion}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    blocked: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blocked and not self.warnings

    def to_list(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in (*self.blocked, *self.warnings)]


def _compiled(rule: WordingRule) -> re.Pattern[str] | None:
    try:
        return re.compile(rule.pattern if rule.is_regex else re.escape(rule.pattern))
    except re.error:
        # a broken rule saved around the admin's validation must not stop every post
        return None


def check_post_text(text: str) -> Verdict:
    """Check a post's free text against the active N17 rules.

    One finding per rule (its first match). Where a block rule and a later rule match overlapping
    words (“湖北籍勿扰” is both an epidemic-area and an origin refusal), only the first is reported.
    """
    blocked: list[Finding] = []
    warnings: list[Finding] = []
    spans: list[tuple[int, int]] = []
    rules = WordingRule.objects.filter(active=True).order_by("kind", "id")  # "block" < "warn"
    for rule in rules:
        pattern = _compiled(rule)
        match = pattern.search(text) if pattern else None
        if match is None or not match.group(0):
            continue
        start, end = match.span()
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        finding = Finding(
            rule_id=rule.pk,
            kind=rule.kind,
            category=rule.category,
            category_label=rule.get_category_display(),
            clause=rule.clause,
            matched=match.group(0),
            explanation=rule.explanation,
            suggestion=rule.suggestion,
        )
        (blocked if rule.kind == WordingRule.Kind.BLOCK else warnings).append(finding)
    return Verdict(blocked=blocked, warnings=warnings)


def post_text(values: dict[str, Any]) -> str:
    """The free-text fields of a post, as checked."""
    return "\n".join(str(values.get(name) or "") for name in ("title", "description", "schedule", "workplace"))
