"""N16: the interest-subsidy schedule a bank's confirmation recomputes (engine only, no Django)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wengang.policy.explain import explain
from wengang.policy.rules.loans import subsidy_schedule


def test_an_extension_of_twelve_months_adds_twelve_subsidised_months() -> None:
    rows = subsidy_schedule(
        principal=Decimal("200000"), annual_rate=Decimal("0.0435"), subsidy_share=Decimal("1"),
        first_month=dt.date(2019, 7, 15), term_months=12, extension_months=12,
    )
    assert len(rows) == 24
    assert rows[0].month == dt.date(2019, 7, 1) and not rows[0].extended
    assert rows[11].month == dt.date(2020, 6, 1) and not rows[11].extended
    assert rows[12].month == dt.date(2020, 7, 1) and rows[12].extended
    assert rows[-1].month == dt.date(2021, 6, 1)
    assert {r.interest for r in rows} == {Decimal("725.00")}
    assert {r.subsidy for r in rows} == {Decimal("725.00")}
    assert {r.borrower for r in rows} == {Decimal("0.00")}


def test_a_half_subsidy_rounds_each_month_half_up_and_the_borrower_pays_the_rest() -> None:
    rows = subsidy_schedule(
        principal=Decimal("150000"), annual_rate=Decimal("0.0475"), subsidy_share=Decimal("0.5"),
        first_month=dt.date(2020, 1, 1), term_months=2, extension_months=6,
    )
    assert rows[0].interest == Decimal("593.75")
    assert rows[0].subsidy == Decimal("296.88")
    assert rows[0].borrower == Decimal("296.87")
    assert sum(r.extended for r in rows) == 6


def test_the_schedule_agrees_with_the_decision_to_the_fen() -> None:
    facts = {
        "kind": "loan_extension", "infected": True, "requested_on": "2020-03-10", "loan_end": "2020-06-30",
        "extension_months": 6, "principal": "150000", "annual_rate": "0.0475", "subsidy_share": "0.5",
    }
    decided = explain(facts, dt.date(2020, 3, 10)).results[0].amount
    rows = subsidy_schedule(
        principal=Decimal("150000"), annual_rate=Decimal("0.0475"), subsidy_share=Decimal("0.5"),
        first_month=dt.date(2019, 7, 1), term_months=12, extension_months=6,
    )
    assert decided == sum(r.subsidy for r in rows if r.extended) == Decimal("1781.28")
