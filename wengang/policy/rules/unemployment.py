"""N8 失业保险金申领 — eligibility, the benefit months and the monthly standard.

The notice (N8) moves unemployment registration and benefit claims online; the conditions and
amounts are those of the unemployment-insurance rules it relies on: 《失业保险条例》第十四条 (four
conditions) and 第十七条 (the longest benefit period by contribution years), and Beijing's monthly
standard by contribution years (``parameters/unemployment.yaml``, with each value's source).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from ..expr import Env, if_, named, p, v
from ..fields import UNEMPLOYMENT_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show, Step
from ..params import resolve

years = v("contribution_years")

#: why the person's last job ended, and whether that is "非因本人意愿中断就业" (《失业保险金申领发放办法》
#: 第四条: contract expiry, termination or dismissal by the employer, the employer's closure; a
#: resignation is the person's own will unless the employer forced it, which is 协商解除 by the employer)
SEPARATION_REASONS: dict[str, tuple[str, bool]] = {
    "contract_ended": ("劳动合同期满终止", True),
    "dismissed": ("用人单位解除劳动合同", True),
    "employer_closed": ("用人单位破产、关闭、撤销或被吊销营业执照", True),
    "employer_proposed": ("用人单位提出、双方协商解除劳动合同", True),
    "employer_fault": ("因用人单位过错由本人解除劳动合同", True),
    "resigned": ("本人辞职", False),
}


def involuntary(reason: str) -> bool | None:
    """Whether a separation reason is involuntary (``None`` for a reason not in the table)."""
    entry = SEPARATION_REASONS.get(reason)
    return entry[1] if entry else None

#: 第十七条: the longest benefit period by contribution years (1–5 → 12, 5–10 → 18, 10+ → 24)
benefit_months = named(
    "benefit_months",
    if_(
        years >= p("ui_tier_long_years"),
        p("ui_months_long"),
        if_(years >= p("ui_tier_mid_years"), p("ui_months_mid"), p("ui_months_short")),
    ),
)
#: Beijing's monthly standard rises with contribution years: under 5, 5–10, 10–15, 15–20, 20+
monthly_standard = named(
    "monthly_standard",
    if_(
        years >= p("ui_standard_years_4"),
        p("ui_monthly_20_plus"),
        if_(
            years >= p("ui_standard_years_3"),
            p("ui_monthly_15_20"),
            if_(
                years >= p("ui_standard_years_2"),
                p("ui_monthly_10_15"),
                if_(years >= p("ui_tier_mid_years"), p("ui_monthly_5_10"), p("ui_monthly_under_5")),
            ),
        ),
    ),
)


@cache
def benefit() -> Policy:
    return Policy(
        id="UI",
        title="失业保险金",
        clause="N8",
        subject="unemployment",
        conditions=(
            Condition(
                "ui.insured",
                "N8",
                "失业前所在单位和本人已按规定履行缴费义务满1年（《失业保险条例》第十四条）",
                years >= p("ui_min_contribution_years"),
                met="累计缴费 {y} 年，满 {min} 年",
                unmet="累计缴费 {y} 年，不满 {min} 年",
                shows={"y": Show(years), "min": Show(p("ui_min_contribution_years"), "int")},
                fix="累计缴纳失业保险费满1年后方可申领",
            ),
            Condition(
                "ui.involuntary",
                "N8",
                "非因本人意愿中断就业（《失业保险条例》第十四条）",
                v("involuntary").eq(True),
                met="离职原因属于非因本人意愿中断就业",
                unmet="离职原因属于本人意愿中断就业（如主动辞职），不能领取失业保险金",
            ),
            Condition(
                "ui.registered",
                "N8",
                "已办理失业登记（《失业保险条例》第十四条）",
                v("registered").eq(True),
                met="失业登记已经街乡确认",
                unmet="尚未办理失业登记或登记尚未经街乡确认",
                fix="先办理失业登记，待街乡确认后再申领",
            ),
            Condition(
                "ui.seeking",
                "N8",
                "有求职要求（《失业保险条例》第十四条）",
                v("seeking_work").eq(True),
                met="已填写求职意向",
                unmet="没有求职要求",
                fix="在失业登记中填写求职意向",
            ),
        ),
        amount=monthly_standard * benefit_months,
        steps=(
            Step(
                "累计缴费 {y} 年：领取期限最长 {n} 个月（N8，《失业保险条例》第十七条），月标准 {m}",
                {"y": Show(years), "n": Show(benefit_months, "int"), "m": Show(monthly_standard, "yuan")},
            ),
            Step(
                "{m} × {n} 个月",
                {"m": Show(monthly_standard, "yuan"), "n": Show(benefit_months, "int")},
            ),
        ),
        status_words=("可以领取", "不能领取", "待定（信息不全）"),
        review="街道（乡镇）社会保障事务所受理审核，按月发放",
        department="街道（乡镇）社会保障事务所",
    )


@dataclass(frozen=True)
class Terms:
    """The benefit months and monthly standard of a claim, for its payment schedule; ``None``
    where the facts or parameters do not determine them."""

    months: int | None
    monthly: Decimal | None


def terms(facts: Mapping[str, Any], on: dt.date) -> Terms:
    """The months and monthly standard the engine reads for ``facts`` (an explanation's facts)
    with the parameter values in force on ``on``."""
    keys = benefit_months.param_names() | monthly_standard.param_names()
    env = Env(dict(facts), resolve(keys, on, missing_ok=True).values)
    months, monthly = benefit_months.eval(env), monthly_standard.eval(env)
    return Terms(
        int(months) if isinstance(months, int | Decimal) else None,
        Decimal(monthly) if isinstance(monthly, int | Decimal) else None,
    )


register(Kind("unemployment", "失业保险金申领", UNEMPLOYMENT_FIELDS, lambda variant: (benefit(),), ("unemployment",)))
