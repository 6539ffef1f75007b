"""N17: the wording check every job post passes before it is published.

Rules are data (``WordingRule``, seeded by migrations 0003 and 0005, edited by administrators). A
``block`` rule refuses the post (refusing people from epidemic areas or by hukou/origin); a ``warn``
rule sends it to the staff moderation queue (gender, age, ethnicity, marital/childbearing status); an
``allow`` rule names wording that is legitimate or inclusive (不限户籍、男女均可、湖北路、武汉大学、
年满18周岁、已婚员工可申请夫妻房) — what it matches is masked, so no other rule can flag it.

How a text is read:
1. normalised character by character (full-width → half-width, so “，”“：”“１８” read like “,”“:”“18”);
   positions are kept, so a finding quotes the poster's own words;
2. the allow rules mask their matches: an inclusive negation covers the attribute list it governs
   (“不限性别、年龄、户籍”, “已婚未婚均可”), so a refusal beside it (“不限学历，湖北籍除外”) is still seen;
3. the text is split into sentences (。；！？ and line breaks) and each block or warn rule searches each
   sentence, so a rule never joins words of two sentences.
Each finding carries the clause, the words found, why, and a suggested rewrite. The labelled corpus
in ``wording_corpus/`` measures the check (``manage.py wording_report``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from .models import WordingRule

#: what masked characters become: matched by no rule, and not a sentence end
MASK = "\u25a1"
SENTENCE = re.compile(r"[^。；;！!？?\n\r]+")


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


@lru_cache(maxsize=512)
def _compile(pattern: str, is_regex: bool) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern if is_regex else re.escape(normalise(pattern)))
    except re.error:
        # a broken rule saved around the admin's validation must not stop every post
        return None


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC) one character at a time, keeping every position."""
    out = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char)
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def _masked(text: str, allow: list[re.Pattern[str]]) -> str:
    chars = list(text)
    for pattern in allow:
        for match in pattern.finditer(text):
            chars[match.start() : match.end()] = MASK * (match.end() - match.start())
    return "".join(chars)


def _first_match(pattern: re.Pattern[str], sentences: list[tuple[int, str]]) -> tuple[int, int] | None:
    for offset, sentence in sentences:
        match = pattern.search(sentence)
        if match is not None and match.group(0):
            return offset + match.start(), offset + match.end()
    return None


def check_post_text(text: str) -> Verdict:
    """Check a post's free text against the active N17 rules.

    One finding per rule (its first match). Where a block rule and a later rule match overlapping
    words (“湖北籍勿扰” is both an epidemic-area and an origin refusal), only the first is reported.
    """
    blocked: list[Finding] = []
    warnings: list[Finding] = []
    rules = list(WordingRule.objects.filter(active=True).order_by("kind", "id"))  # allow < block < warn
    allow = [p for r in rules if r.kind == WordingRule.Kind.ALLOW and (p := _compile(r.pattern, r.is_regex))]
    masked = _masked(normalise(text), allow)
    sentences = [(m.start(), m.group(0)) for m in SENTENCE.finditer(masked)]
    spans: list[tuple[int, int]] = []
    for rule in rules:
        pattern = _compile(rule.pattern, rule.is_regex) if rule.kind != WordingRule.Kind.ALLOW else None
        if pattern is None:
            continue
        found = _first_match(pattern, sentences)
        if found is None:
            continue
        start, end = found
        if any(start < e and s < end for s, e in spans):
            continue
        spans.append((start, end))
        finding = Finding(
            rule_id=rule.pk,
            kind=rule.kind,
            category=rule.category,
            category_label=rule.get_category_display(),
            clause=rule.clause,
            matched=text[start:end],
            explanation=rule.explanation,
            suggestion=rule.suggestion,
        )
        (blocked if rule.kind == WordingRule.Kind.BLOCK else warnings).append(finding)
    return Verdict(blocked=blocked, warnings=warnings)


def post_text(values: dict[str, Any]) -> str:
    """The free-text fields of a post, as checked."""
    return "\n".join(str(values.get(name) or "") for name in ("title", "description", "schedule", "workplace"))
