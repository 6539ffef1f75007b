"""Every kind of case reads its facts strictly: bad input exits 2 with a Chinese message naming
the field, never a traceback, a guess or a silent zero (issue 9, part 4)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from wengang.cli import main
from wengang.policy.factfile import FactFileError, check_yaml_shape, parse_yaml

WORKER: dict[str, Any] = {
    "kind": "worker",
    "category": "registered_unemployed",
    "contract_years": 1,
    "si_paid": True,
    "monthly_wage": "3000.00",
    "wage_paid_in_full": True,
    "pension_base": "10000.00",
    "months_subsidised_before": 0,
    "period_months": 6,
    "period_end": "2020-06-30",
    "claim_date": "2020-07-15",
    "op3_deduction": "0.00",
}
PLACEMENT = {
    "worker_id": "W1",
    "enterprise_posted_urgent": True,
    "confirmed_by_enterprise": True,
    "confirmed_by_agency": True,
    "has_pay_proof": True,
}
AGENCY: dict[str, Any] = {"kind": "agency", "placements": [PLACEMENT]}
TRAINEE = {"id_number": "11010519900101123X", "class_hours": 40, "training_year": 2020,
           "still_employed": True, "other_training_subsidy": False}
TRAINING: dict[str, Any] = {"kind": "training", "received_op2_or_op3": True, "trainees": [TRAINEE]}
LAYOFF: dict[str, Any] = {
    "kind": "layoff", "layoffs": 25, "employees": 500, "notice_days": 30, "circumstance": 2,
    **{f"material_{i}": True for i in range(1, 9)}, "epidemic_unable_to_return": 0,
}
BACK_PAYMENT: dict[str, Any] = {"kind": "back_payment", "deadline": "2020-03-31", "paid_on": "2020-04-10",
                                "amount_due": "10000.00"}


def _write(tmp_path: Path, facts: dict[str, Any], suffix: str = ".yaml") -> Path:
    path = tmp_path / f"case{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(facts, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return path


BAD_FACTS = [
    # (base, changed facts, the field the message must name)
    (WORKER, {"monthly_wage": "三千元"}, "月工资"),
    (WORKER, {"monthly_wage": "4,500"}, "月工资"),
    (WORKER, {"monthly_wage": "10^30"}, "月工资"),
    (WORKER, {"monthly_wage": "1e30"}, "月工资"),
    (WORKER, {"monthly_wage": -3000}, "月工资"),
    (WORKER, {"op3_deduction": -1000}, "核减的一次性社会保险补贴"),
    (WORKER, {"claim_date": "15.07.2020"}, "申请日期"),
    (WORKER, {"claim_date": "20200715"}, "申请日期"),
    (WORKER, {"claim_date": "2020-02-30"}, "申请日期"),
    (WORKER, {"period_end": "2020-06-30 00:00:00"}, "申请期截止日期"),
    (WORKER, {"period_months": 6.5}, "申请期月数"),
    (WORKER, {"period_months": 100000}, "申请期月数"),
    (WORKER, {"si_paid": "maybe"}, "按规定缴纳社会保险"),
    (WORKER, {"category": "失业"}, "人员类别"),
    (WORKER, {"monthly_wages": 3000}, "monthly_wages"),
    (AGENCY, {"placements": 120}, "推荐成功上岗名单"),
    (AGENCY, {"placements": ["W1", "W2"]}, "推荐成功上岗名单第1行"),
    (AGENCY, {"placements": [{**PLACEMENT, "has_pay_proof": "maybe"}]}, "推荐成功上岗名单第1行有薪酬证明或劳务协议"),
    (AGENCY, {"counted_placements": -5}, "推荐成功上岗人数"),
    (TRAINING, {"trainees": [{**TRAINEE, "class_hours": "forty"}]}, "参训职工名单第1行课时"),
    (TRAINING, {"trainees": [{**TRAINEE, "class_hours": -40}]}, "参训职工名单第1行课时"),
    (TRAINING, {"trainees": "张三"}, "参训职工名单"),
    (LAYOFF, {"layoffs": "twenty"}, "裁减人数"),
    (LAYOFF, {"layoffs": 30, "employees": 20}, "裁减人数"),
    (LAYOFF, {"employees": -100}, "职工总数"),
    (LAYOFF, {"circumstance": 2.5}, "裁减情形"),
    (LAYOFF, {"circumstance": "经营困难"}, "裁减情形"),
    (LAYOFF, {"layoffs": "10^30"}, "裁减人数"),
    (LAYOFF, {"material_3": "maybe"}, "材料3"),
    (BACK_PAYMENT, {"amount_due": -100}, "应缴金额"),
    (BACK_PAYMENT, {"paid_on": "2020/13/01"}, "补缴日期"),
    (BACK_PAYMENT, {"paid_on": "15.04.2020"}, "补缴日期"),
    (BACK_PAYMENT, {"paid_on": "2020年4月15"}, "补缴日期"),
]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize(("base", "change", "field"), BAD_FACTS, ids=[f"{b['kind']}-{f}-{i}" for i, (b, _, f) in enumerate(BAD_FACTS)])
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: dict[str, Any], change: dict[str, Any], field: str, suffix: str
) -> None:
    path = _write(tmp_path, {**base, **change}, suffix)
    assert main(["explain", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"输入有误：{field}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("base", "change"),
    [
        (WORKER, {}),
        (WORKER, {"period_end": "2020年6月30日", "claim_date": "2020/07/15"}),
        (WORKER, {"category": "本市其他登记失业人员"}),
        (LAYOFF, {}),
        (LAYOFF, {"circumstance": "生产经营发生严重困难"}),
        (AGENCY, {}),
        (TRAINING, {}),
        (BACK_PAYMENT, {"paid_on": "2020-4-10"}),
    ],
)
def test_good_input_exits_0(tmp_path: Path, base: dict[str, Any], change: dict[str, Any]) -> None:
    assert main(["explain", str(_write(tmp_path, {**base, **change}))]) == 0


def test_late_fee_is_computed_from_the_strict_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(_write(tmp_path, {**BACK_PAYMENT, "paid_on": "2020年4月10日"})), "--json"]) == 0
    i4 = json.loads(capsys.readouterr().out)["results"][0]
    assert i4["amount"] == "50.00"  # 10,000 × 0.05 % × 10 days


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: layoff\nlayoffs: [1, 2\n", "YAML 格式错误"),
        ("kind: layoff\nlayoffs: !!python/object/apply:os.system ['true']\n", "不允许的标签"),
        ("kind: worker\n" + "a: " + "[" * 100_000 + "]" * 100_000 + "\n", "嵌套过深"),
        ("- a\n", "应包含一个对象"),
    ],
)
def test_malformed_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["explain", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_deep_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"kind": "layoff", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert main(["explain", str(path)]) == 2
    assert "嵌套过深" in capsys.readouterr().err


BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    + ["kind: layoff"]
)


def test_alias_bomb_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 1000
    started = time.perf_counter()
    assert main(["explain", str(path)]) == 2
    assert time.perf_counter() - started < 1
    assert "展开别名后超过" in capsys.readouterr().err


def test_aliases_may_add_only_a_few_values() -> None:
    lines = ["base: &b [" + ", ".join(["1"] * 100) + "]"] + [f"k{i}: *b" for i in range(99)]
    parse_yaml("\n".join(lines))  # 99 × 100 = 9,900 values through aliases
    with pytest.raises(FactFileError, match="展开别名后超过 10,000"):
        check_yaml_shape("\n".join([*lines, "k99: *b", "k100: *b"]))


def test_small_aliases_are_fine() -> None:
    data = parse_yaml("base: &b {x: 1}\nkind: layoff\nother: *b\n")
    assert data["other"] == {"x": 1}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(FactFileError, match="锚点"):
        check_yaml_shape("a: &a [*a]\n")


def test_a_file_too_large_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("kind: layoff\nnote: '" + "x" * 6_000_000 + "'\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 2
    assert "文件过大" in capsys.readouterr().err
