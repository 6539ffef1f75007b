"""N17 on the labelled corpus (wengang/jobs/wording_corpus/): an inclusive or neutral post is never
refused, refusals by area or hukou are blocked, conditions on gender, age, ethnicity and marriage are
warned. The floors are the issue's: 0 false blocks, block recall ≥ 98 %, warn recall ≥ 95 %."""

from __future__ import annotations

import re

import pytest

from wengang.jobs import wording_eval

pytestmark = pytest.mark.django_db

INCLUSIVE = re.compile("不限|均可|皆可|不论|无论|不分|欢迎|一视同仁|同等|同工同酬")


@pytest.fixture
def outcomes():
    return [o for split in wording_eval.SPLITS for o in wording_eval.evaluate(wording_eval.load(split))]


def test_the_corpus_is_large_and_mostly_legitimate():
    rows = [e for split in wording_eval.SPLITS for e in wording_eval.load(split)]
    assert len(rows) >= 400
    assert sum(e.expect == "pass" for e in rows) * 2 >= len(rows)
    held_out = [e for e in rows if e.split != "tuning"]
    assert len(held_out) * 4 >= len(rows)  # at least a quarter written after the rules were tuned
    assert len({e.text for e in rows}) == len(rows)
    for category in wording_eval.CATEGORIES:
        assert any(e.category == category and e.expect != "pass" for e in rows), category
        assert any(e.category == category and e.expect == "pass" for e in rows), category


def test_no_inclusive_or_neutral_wording_is_blocked(outcomes):
    assert [o.example.text for o in wording_eval.false_blocks(outcomes)] == []


def test_an_inclusive_wording_is_not_even_warned(outcomes):
    inclusive = [o for o in outcomes if o.example.expect == "pass" and INCLUSIVE.search(o.example.text)]
    assert len(inclusive) >= 40
    assert [o.example.text for o in inclusive if o.got != "pass"] == []


def test_refusals_are_blocked_and_conditions_warned(outcomes):
    rows = {row.label: row for row in wording_eval.by_verdict(outcomes)}
    assert rows["block"].recall is not None and rows["block"].recall >= 0.98
    assert rows["warn"].recall is not None and rows["warn"].recall >= 0.95
    assert rows["pass"].recall is not None and rows["pass"].recall >= 0.98


@pytest.mark.parametrize(("level", "floor"), [("block", 0.98), ("warn", 0.95)])
def test_each_category_keeps_its_recall(outcomes, level, floor):
    rows = wording_eval.by_category(outcomes, level)
    assert {row.label for row in rows} >= ({"epidemic_area", "hukou"} if level == "block" else
                                            {"gender", "age", "ethnicity", "marriage", "hukou"})
    low = {row.label: row.recall for row in rows if row.expected and (row.recall or 0) < floor}
    assert low == {}


def test_the_report_prints_a_table_per_file(capsys):
    from django.core.management import call_command

    call_command("wording_report")
    out = capsys.readouterr().out
    assert "tuning: 320 wordings, false blocks 0" in out
    assert "holdout3: 93 wordings, false blocks 0" in out
    assert re.search(r"block · epidemic_area\s+\d+\s+\d+\s+\d+\s+100\.0%\s+100\.0%", out)
