"""OP1 岗位补贴和社会保险补贴 — per hired worker and claimed period."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from ..expr import Lookup, all_of, any_of, c, days_between, if_, min_of, next_month_start, p, v
from ..facts import FactError
from ..fields import WORKER_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Monthly, Policy, Show, Step

HARD = "hard_to_employ"
REGISTERED = "registered_unemployed"
CATEGORY_ZH = {HARD: "城乡就业困难人员", REGISTERED: "本市其他登记失业人员", "none": "非登记失业人员"}

category = v("category")
is_hard = category.eq(HARD)
months = v("period_months")
base_cap = p("op1_base_cap_ratio") * p("avg_wage_base_monthly")
pension_base = if_(is_hard, min_of(v("pension_base"), base_cap), p("min_base_pension"))
unemployment_base = if_(is_hard, min_of(v("pension_base"), base_cap), p("min_base_unemployment"))
job = if_(is_hard, p("op1_job_subsidy_per_year") * months / 12, c(0))
pension = p("op1_pension_rate") * pension_base * months
unemployment = p("op1_unemployment_rate") * unemployment_base * months
medical = p("op1_medical_rate") * p("min_base_medical") * months
deduction = v("op3_deduction")
#: the amount of a run of months priced alike (``months`` is the run's length)
run_amount = job + pension + unemployment + medical
gross = v("op1_gross")
paid_months = v("op1_paid_months")
before = v("months_subsidised_before")
is_registered = category.eq(REGISTERED)
max_hard = p("op1_max_years_hard") * 12
max_other = p("op1_max_years_other") * 12
#: OP1.2(1)/(2): the months of the period still inside the 5- or 3-year term (from its start)
months_left = if_(is_hard, max_hard - before, if_(is_registered, max_other - before, months))
claim_deadline_days = days_between(next_month_start(v("period_end")), v("claim_date"))


def _scope(who: str) -> Lookup:
    """Whether a term limit applies to the worker's category, as the explanation says it."""
    return Lookup({who: "未满，超出期限的月份不予补贴"}, category, "str", default="不适用于该人员类别")


@cache
def op1() -> Policy:
    return Policy(
        id="OP1",
        title="岗位补贴和社会保险补贴",
        clause="OP1",
        subject="worker",
        conditions=(
            Condition(
                "op1.category",
                "OP1.1(1)",
                "招用本市登记失业人员或城乡就业困难人员",
                Lookup({HARD: True, REGISTERED: True}, category, "bool", default=False),
                met="人员类别：{cat}",
                unmet="人员类别：{cat}，不属于本市登记失业人员或城乡就业困难人员",
                shows={"cat": Show(Lookup(CATEGORY_ZH, category, "str", default="未知类别"), "text")},
            ),
            Condition(
                "op1.contract",
                "OP1.1(2)",
                "签订一年及以上期限劳动合同并按规定缴纳社会保险",
                all_of(v("contract_years") >= p("op1_min_contract_years"), v("si_paid").eq(True)),
                met="劳动合同期限 {y} 年，已按规定缴纳社会保险",
                unmet="劳动合同期限 {y} 年（须不少于1年）或未按规定缴纳社会保险",
                shows={"y": Show(v("contract_years"))},
            ),
            Condition(
                "op1.wage",
                "OP1.1(3)",
                "按月足额发放不低于最低工资标准1.2倍的工资",
                all_of(
                    v("monthly_wage") >= p("op1_wage_floor_multiple") * p("min_wage_monthly"),
                    v("wage_paid_in_full").eq(True),
                ),
                met="月工资 {w}，不低于最低工资 {mw} 的 {k} 倍（{floor}），按月足额发放",
                unmet="月工资 {w}，须按月足额发放且不低于最低工资 {mw} 的 {k} 倍（{floor}）",
                shows={
                    "w": Show(v("monthly_wage"), "yuan"),
                    "mw": Show(p("min_wage_monthly"), "yuan"),
                    "k": Show(p("op1_wage_floor_multiple")),
                    "floor": Show(p("op1_wage_floor_multiple") * p("min_wage_monthly"), "yuan"),
                },
            ),
            Condition(
                "op1.period_limit_hard",
                "OP1.2(1)",
                "就业困难人员补贴期限最长不超过5年",
                if_(is_hard, before < max_hard, c(True)),
                met="就业困难人员最长 {max} 个月：{scope}（已享受 {before} 个月）",
                unmet="已享受 {before} 个月，已满就业困难人员最长 {max} 个月",
                shows={"before": Show(before, "int"), "max": Show(max_hard, "int"), "scope": Show(_scope(HARD), "text")},
            ),
            Condition(
                "op1.period_limit_other",
                "OP1.2(2)",
                "其他登记失业人员补贴期限最长不超过3年",
                # the 3-year term is for registered unemployed people; others fail OP1.1(1) only
                if_(is_registered, before < max_other, c(True)),
                met="其他登记失业人员最长 {max} 个月：{scope}（已享受 {before} 个月）",
                unmet="已享受 {before} 个月，已满其他登记失业人员最长 {max} 个月",
                shows={
                    "before": Show(before, "int"),
                    "max": Show(max_other, "int"),
                    "scope": Show(_scope(REGISTERED), "text"),
                },
            ),
            Condition(
                "op1.period_length",
                "OP1.3",
                "按每满半年或一年申请",
                any_of(months.eq(6), months.eq(12)),
                met="申请期 {m} 个月（满半年或一年）",
                unmet="申请期 {m} 个月：须按每满半年（6个月）或一年（12个月）申请",
                shows={"m": Show(months, "int")},
                fix="按满半年（6个月）或一年（12个月）的期间申请",
            ),
            Condition(
                "op1.claim_window",
                "OP1.3",
                "每满半年或一年后次月起90日内申请",
                all_of(claim_deadline_days >= 0, claim_deadline_days < p("op1_claim_days")),
                met="补贴期截至 {end}，申请日 {claim}，在次月起 {days} 日内",
                unmet="补贴期截至 {end}，申请日 {claim}，不在次月起 {days} 日内",
                shows={
                    "end": Show(v("period_end"), "date"),
                    "claim": Show(v("claim_date"), "date"),
                    "days": Show(p("op1_claim_days"), "int"),
                },
            ),
        ),
        monthly=Monthly(
            end="period_end",
            months="period_months",
            amount=run_amount,
            into="op1_gross",
            paid_into="op1_paid_months",
            limit=months_left,
            contract_start="contract_start",
            contract_end="contract_end",
            steps=(
                Step(
                    "岗位补贴：{job}（就业困难人员每年 {per}，按月数折算）",
                    {"job": Show(job, "yuan"), "per": Show(p("op1_job_subsidy_per_year"), "yuan")},
                ),
                Step(
                    "养老保险补贴：{rate} × 基数 {base} × {m} 个月 = {amt}",
                    {
                        "rate": Show(p("op1_pension_rate"), "rate"),
                        "base": Show(pension_base, "yuan"),
                        "m": Show(months, "int"),
                        "amt": Show(pension, "yuan"),
                    },
                ),
                Step(
                    "失业保险补贴：{rate} × 基数 {base} × {m} 个月 = {amt}",
                    {
                        "rate": Show(p("op1_unemployment_rate"), "rate"),
                        "base": Show(unemployment_base, "yuan"),
                        "m": Show(months, "int"),
                        "amt": Show(unemployment, "yuan"),
                    },
                ),
                Step(
                    "医疗保险补贴：{rate} × 医疗保险最低缴费基数 {base} × {m} 个月 = {amt}",
                    {
                        "rate": Show(p("op1_medical_rate"), "rate"),
                        "base": Show(p("min_base_medical"), "yuan"),
                        "m": Show(months, "int"),
                        "amt": Show(medical, "yuan"),
                    },
                ),
            ),
        ),
        amount=if_(gross - deduction > 0, gross - deduction, c(0)),
        steps=(
            Step(
                "申请期 {m} 个月，其中 {paid} 个月在补贴期限和劳动合同期内，补贴合计 {gross}（OP1.2）",
                {"m": Show(months, "int"), "paid": Show(paid_months, "int"), "gross": Show(gross, "yuan")},
            ),
            Step("核减已享受的一次性社会保险补贴（OP1.2(3)）：{d}", {"d": Show(deduction, "yuan")}),
        ),
        review="区劳动服务管理中心审核",
        department="朝阳区劳动服务管理中心",
    )


def _contract_ends_after_it_starts(facts: dict[str, Any], labels: dict[str, str]) -> list[FactError]:
    """A contract's end date may not come before its start."""
    start, end = facts.get("contract_start"), facts.get("contract_end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        facts["contract_end"] = None
        return [FactError(labels["contract_end"], f"终止日期 {end} 早于起始日期 {start}", "contract_end")]
    return []


register(Kind("worker", "招用人员", WORKER_FIELDS, lambda variant: (op1(),), ("op1",), check=_contract_ends_after_it_starts))
