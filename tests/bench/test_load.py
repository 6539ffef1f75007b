"""The load benchmark asks for real pages, posts a valid calculator form and paces its users evenly."""

from __future__ import annotations

import sys
from pathlib import Path

from django.urls import resolve

from wengang.calculator.forms import CalculatorForm

ROOT = Path(__file__).resolve().parents[2]

sys.path.insert(0, str(ROOT / "bench" / "load"))
import pages  # noqa: E402 - the benchmark's own modules, beside its scripts
import run  # noqa: E402


def test_every_page_is_a_view_of_the_site() -> None:
    views = {name: resolve(path.partition("?")[0]).url_name for name, (_m, path, _a) in pages.PAGES.items()}
    assert views == {
        "bare": "healthz",
        "calculator": "index",
        "calculator_post": "index",
        "jobs": "search",
        "parameters": "parameters",
        "portal": "portal",
        "precheck": "apply_new",
        "review": "review_queue",
    }


def test_the_posted_sample_firm_is_a_valid_calculator_form() -> None:
    form = CalculatorForm(pages.SAMPLE_FORM)
    assert form.is_valid(), form.errors
    explanation = form.explain()
    assert explanation is not None
    assert [r.policy for r in explanation.results][:3] == ["OP2", "OP3", "OP5"]


def test_users_pace_at_most_five_requests_a_second_each() -> None:
    assert run.users_for(50) == (10, 5.0)
    assert run.users_for(100) == (20, 5.0)
    assert run.users_for(200) == (40, 5.0)
    assert run.users_for(20) == (10, 2.0)
