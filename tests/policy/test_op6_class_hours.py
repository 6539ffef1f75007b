"""OP6 class hours from minutes (wengang/policy/cases/hours/op6.yaml): exact 45-minute conversion,
cut to two places, online and offline added up, then the OP6 trainee rule decides and pays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from wengang.policy.casefile import load_cases, run_case
from wengang.policy.class_hours import class_hours

HOURS_FILE = Path(__file__).resolve().parents[2] / "wengang/policy/cases/hours/op6.yaml"
ON = dt.date(2020, 6, 1)
RAW = yaml.safe_load(HOURS_FILE.read_text(encoding="utf-8"))


def _as_engine_case(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The case with each trainee's minutes converted to class hours, and (name, expected, got)."""
    rows, shown = [], []
    for t in raw["trainees"]:
        hours = class_hours(
            online_minutes=Decimal(str(t["online_minutes"])),
            offline_minutes=Decimal(str(t.get("offline_minutes", 0))),
            on=ON,
        )
        shown.append((t["name"], t["hours"], f"{hours.hours:f}"))
        rows.append(
            {
                "name": t["name"],
                "id_number": t["id_number"],
                "class_hours": f"{hours.hours:f}",  # cut to two places, as the claim passes it
                "training_year": 2020,
                "still_employed": True,
                "other_training_subsidy": False,
            }
        )
    case = {k: v for k, v in raw.items() if k != "trainees"}
    case["kind"] = "training"
    case["facts"] = {**case.get("facts", {}), "trainees": rows}
    return case, shown


@pytest.mark.parametrize("raw", RAW["cases"], ids=[c["name"] for c in RAW["cases"]])
def test_class_hours_case(raw: dict[str, Any], tmp_path: Path) -> None:
    case, shown = _as_engine_case(raw)
    for name, expected, got in shown:
        assert got == expected, f"{name}: 课时期望 {expected}，实际 {got}"
    path = tmp_path / "op6_hours.yaml"
    path.write_text(yaml.safe_dump({"bases": RAW["bases"], "cases": [case]}, allow_unicode=True), encoding="utf-8")
    (loaded,) = load_cases(path)
    result = run_case(loaded, batch=False)
    assert result.passed, result.report()


def test_39_99_hours_are_explained_as_short_of_40() -> None:
    hours = class_hours(online_minutes=Decimal("1799.55"), on=ON)
    assert hours.hours == Decimal("39.99")
    assert not hours.reaches_minimum
    assert hours.explanation == "线上 1799.55 分钟，每课时 45 分钟，合 39.99 课时，距 40 课时还差 0.45 分钟（OP6）"


def test_online_and_offline_add_up_in_the_explanation() -> None:
    hours = class_hours(online_minutes=Decimal(1200), offline_minutes=Decimal(600), on=ON)
    assert hours.reaches_minimum
    assert (
        hours.explanation
        == "线上 1200 分钟 + 线下 600 分钟 = 1800 分钟，每课时 45 分钟，合 40.00 课时，达到 40 课时（OP6）"
    )


def test_negative_minutes_are_refused() -> None:
    with pytest.raises(ValueError, match="不能为负"):
        class_hours(online_minutes=Decimal(-1), on=ON)
