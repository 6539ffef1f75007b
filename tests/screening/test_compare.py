"""What-if: two scenarios of one extract, compared per policy, street and industry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wengang.screening.models import ScreeningRun
from wengang.screening.results import compare

from .conftest import client_for, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenarios(reviewer, django_capture_on_commit_callbacks) -> tuple[ScreeningRun, ScreeningRun]:
    submit(reviewer, django_capture_on_commit_callbacks)
    submit(reviewer, django_capture_on_commit_callbacks, overrides="op3_rate_high=0.6")
    base, scenario = ScreeningRun.objects.order_by("pk")
    return base, scenario


def test_the_scenario_differs_from_the_baseline_per_policy_street_and_industry(scenarios):
    lines = compare(*scenarios)
    op3 = [(x.group, x.base_count, x.base_amount, x.count, x.amount, x.amount_diff)
           for dim in ("policy", "street", "industry") for x in lines[dim] if x.policy == "OP3"]
    assert op3 == [
        ("OP3", 1, Decimal("15000.00"), 1, Decimal("18000.00"), Decimal("3000.00")),
        ("望京", 1, Decimal("15000.00"), 1, Decimal("18000.00"), Decimal("3000.00")),
        ("F", 1, Decimal("15000.00"), 1, Decimal("18000.00"), Decimal("3000.00")),
    ]


def test_the_comparison_page(scenarios, reviewer):
    base, scenario = scenarios
    detail = client_for(reviewer).get(f"/screening/{base.pk}/").content.decode()
    assert f'<option value="{scenario.pk}">' in detail
    page = client_for(reviewer).get(f"/screening/compare/?base={base.pk}&scenario={scenario.pk}").content.decode()
    assert "按政策" in page and "按街道" in page and "按行业" in page
    assert "15,000.00 元" in page and "18,000.00 元" in page and "+3,000.00 元" in page
    assert "None" not in page and "True" not in page


@pytest.mark.parametrize("query", ["", "base=x&scenario=1", "base=999&scenario=998"])
def test_a_bad_comparison_request_is_a_404(reviewer, query):
    assert client_for(reviewer).get(f"/screening/compare/?{query}").status_code == 404
