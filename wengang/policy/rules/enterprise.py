"""Per-enterprise policies, screenable over the registry: OP2, OP3, OP5, OP6, N14, I2, I3."""

from __future__ import annotations

from functools import cache

from ..expr import Expr, all_of, any_of, c, if_, min_of, named, p, v
from ..fields import ENTERPRISE_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show, Step
from ..sme import is_sme, sector_expr
from .variants import check_variant

DIFFICULTY_CLAUSE = "OP2.1(2)"

# ---- OP2 困难企业失业保险费返还 -------------------------------------------------------------

i18, i19, att = v("insured_2018_12"), v("insured_2019_12"), v("attrition_2019")
layoff_rate = named(
    "layoff_rate", if_(i18 > 0, c(1) - (i19 + att) / i18, c(0))
)  # display only; the test below is exact and needs no division
layoff_ok = any_of(i18.eq(0), (i18 - i19 - att) < p("op2_layoff_rate_threshold") * i18)

p18, p19 = v("profit_tax_2018"), v("profit_tax_2019")
profit_drop_ok = all_of(p18 > 0, p19 < (c(1) - p("op2_profit_drop")) * p18)
q = [v(f"profit_2019q{i}") for i in range(1, 5)]
two_loss_quarters = any_of(*(all_of(q[i] < 0, q[i + 1] < 0) for i in range(3)))
q1_2020_loss = v("profit_2020q1") < 0
profit_change = named("profit_change", if_(p18 > 0, p19 / p18 - c(1), c(None)))


def _profit_conditions(variant: str) -> tuple[Condition, ...]:
    drop = Condition(
        "op2.profit_drop",
        DIFFICULTY_CLAUSE,
        "2019年度利税总额同比下降50%以上",
        profit_drop_ok,
        met="2019年度利税总额 {p19}，比2018年度 {p18} 下降 {drop}，超过 {thr}",
        unmet="2019年度利税总额 {p19}，2018年度 {p18}，未比上年下降超过 {thr}（2018年度须为正数）",
        shows={
            "p18": Show(p18, "yuan"),
            "p19": Show(p19, "yuan"),
            "drop": Show(c(0) - profit_change, "pct"),
            "thr": Show(p("op2_profit_drop"), "rate"),
        },
        fix="2019年度利税总额须比2018年度下降超过 {thr}",
    )
    quarters = Condition(
        "op2.loss_quarters",
        DIFFICULTY_CLAUSE,
        "2019年连续两个季度亏损",
        two_loss_quarters,
        met="2019年各季度利润 {q1}、{q2}、{q3}、{q4}，有连续两个季度亏损",
        unmet="2019年各季度利润 {q1}、{q2}、{q3}、{q4}，没有连续两个季度亏损",
        shows={f"q{i + 1}": Show(q[i], "yuan") for i in range(4)},
        fix="须有2019年相邻两个季度利润为负",
    )
    q1 = Condition(
        "op2.loss_2020q1",
        DIFFICULTY_CLAUSE,
        "2020年第一季度亏损",
        q1_2020_loss,
        met="2020年一季度利润 {q}，出现亏损",
        unmet="2020年一季度利润 {q}，未出现亏损",
        fix="须2020年一季度出现亏损（按字面解读，三项困难条件须同时满足）",
        shows={"q": Show(v("profit_2020q1"), "yuan")},
    )
    if variant == "op2-either":
        either = Condition(
            "op2.profit_or_quarters",
            DIFFICULTY_CLAUSE,
            "利税下降50%以上或连续两季度亏损（宽松解读）",
            any_of(profit_drop_ok, two_loss_quarters),
            met="利税总额 2018年 {p18} → 2019年 {p19}；2019年各季度利润 {q1}、{q2}、{q3}、{q4}："
            "满足下降超过50%或连续两季度亏损之一",
            unmet="利税总额 2018年 {p18} → 2019年 {p19}；2019年各季度利润 {q1}、{q2}、{q3}、{q4}："
            "既未下降超过50%，也无连续两季度亏损",
            shows={**drop.shows, **quarters.shows},
        )
        return (either, q1)
    return (drop, quarters, q1)


def op2(variant: str) -> Policy:
    payers = v("ui_payers_2020_04")
    benefit = p("ui_benefit_monthly", at="2019-12-31")
    return Policy(
        id="OP2",
        title="困难企业失业保险费返还",
        clause="OP2",
        subject="enterprise",
        conditions=(
            Condition(
                "op2.ui_months",
                "OP2.1(1)",
                "足额缴纳失业保险费12个月以上",
                v("ui_paid_months") >= p("op2_min_ui_months"),
                met="连续足额缴纳失业保险 {m} 个月，不少于 {need} 个月",
                unmet="连续足额缴纳失业保险 {m} 个月，不足 {need} 个月",
                fix="足额缴纳失业保险满 {need} 个月后申请",
                shows={"m": Show(v("ui_paid_months"), "int"), "need": Show(p("op2_min_ui_months"), "int")},
            ),
            Condition(
                "op2.layoff_rate",
                "OP2.1(1)",
                "2019年度未裁员或裁员率低于5.2%",
                layoff_ok,
                met="2019年度裁员率 {rate}，低于 {thr}（2018年12月参保 {i18} 人，2019年12月参保 {i19} 人，"
                "自然减员 {att} 人）",
                unmet="2019年度裁员率 {rate}，未低于 {thr}（2018年12月参保 {i18} 人，2019年12月参保 {i19} 人，"
                "自然减员 {att} 人）",
                shows={
                    "rate": Show(layoff_rate, "pct"),
                    "thr": Show(p("op2_layoff_rate_threshold"), "rate"),
                    "i18": Show(i18, "int"),
                    "i19": Show(i19, "int"),
                    "att": Show(att, "int"),
                },
                fix="2019年度裁员率须低于 {thr}",
            ),
            Condition(
                "op2.dishonesty",
                "OP2.1(1)",
                "未列入严重违法失信企业名单",
                ~v("serious_dishonesty"),
                met="未列入严重违法失信企业名单",
                unmet="已列入严重违法失信企业名单",
                fix="移出严重违法失信企业名单后方可申请",
            ),
            *_profit_conditions(variant),
            Condition(
                "op2.measures",
                "OP2.1(3)",
                "制定了稳定就业岗位措施",
                v("stabilisation_measures").eq(True),
                met="已制定稳定就业岗位措施",
                unmet="未制定稳定就业岗位措施",
                fix="制定稳定就业岗位措施后再申请",
            ),
        ),
        amount=p("op2_refund_months") * benefit * payers,
        steps=(
            Step(
                "{months} 个月 × 2019年度本市月人均失业保险金 {benefit} × 参保职工 {n} 人（2020年4月）",
                {
                    "months": Show(p("op2_refund_months"), "int"),
                    "benefit": Show(benefit, "yuan"),
                    "n": Show(payers, "int"),
                },
            ),
        ),
        window=("op2_window_start", "op2_window_end"),
        review="经市审核小组联审",
        department="朝阳区劳动服务管理中心",
    )


# ---- OP3 一次性社会保险补贴 ---------------------------------------------------------------

pay20 = [v(f"ui_payers_2020_{m:02d}") for m in range(1, 5)]
sum20 = pay20[0] + pay20[1] + pay20[2] + pay20[3]
avg19 = v("ui_payers_2019_avg")
avg20 = named("avg_2020", sum20 / 4)
growth = named("growth", if_(avg19 > 0, avg20 / avg19 - c(1), c(None)))
growth_ok = all_of(avg19 > 0, sum20 >= avg19 * 4)
high_growth = named("op3_high_growth", sum20 >= avg19 * ((c(1) + p("op3_growth_threshold")) * 4))
contrib = v("employer_contrib_2020_02") + v("employer_contrib_2020_03") + v("employer_contrib_2020_04")
heads = v("ui_payers_2020_02") + v("ui_payers_2020_03") + v("ui_payers_2020_04")
op3_rate = named("op3_rate", if_(high_growth, p("op3_rate_high"), p("op3_rate_low")))
op3_cap = named("op3_cap", p("op3_cap_per_person") * heads / 3)
op3_subsidy = named("op3_subsidy", op3_rate * contrib)


def op3() -> Policy:
    return Policy(
        id="OP3",
        title="一次性社会保险补贴",
        clause="OP3",
        subject="enterprise",
        conditions=(
            Condition(
                "op3.headcount",
                "OP3.1(1)",
                "2020年1–4月月均参保人数不少于2019年月均",
                growth_ok,
                met="2020年1–4月月均缴纳失业保险 {a20} 人，不少于2019年月均 {a19} 人（增长 {g}）",
                unmet="2020年1–4月月均缴纳失业保险 {a20} 人，2019年月均 {a19} 人：未达到2019年水平"
                "（2019年月均为0时不符合）",
                shows={"a20": Show(avg20), "a19": Show(avg19), "g": Show(growth, "pct")},
                fix="2020年1–4月月均参保人数须不少于2019年月均 {a19} 人",
            ),
            Condition(
                "op3.catalogue",
                "OP3.1(2)",
                "不在北京市禁限目录内",
                ~v("restricted_catalogue"),
                met="不在北京市禁限目录内",
                unmet="属于北京市禁限目录",
                fix="属于禁限目录的企业不能享受本项补贴",
            ),
            Condition(
                "op3.sme",
                "OP3.1(2)",
                "属于中小微企业（工信部联企业〔2011〕300号）",
                is_sme(),
                met="按300号文第{sector}类划型为中小微企业（从业人员 {emp} 人，营业收入 {rev}，资产总额 {assets}）",
                unmet="按300号文第{sector}类划型为大型企业（从业人员 {emp} 人，营业收入 {rev}，资产总额 {assets}）",
                fix="本项补贴只面向中小微企业；如划型数据有误，请核对从业人员、营业收入、资产总额",
                shows={
                    "sector": Show(sector_expr(), "int"),
                    "emp": Show(v("employees"), "int"),
                    "rev": Show(v("revenue_2019"), "yuan"),
                    "assets": Show(v("total_assets"), "yuan"),
                },
            ),
            Condition(
                "op3.non_state",
                "OP3.1(3)",
                "非国有企业",
                ~v("state_owned"),
                met="非国有企业",
                unmet="属于国有或国有控股企业",
                fix="本项补贴只面向非国有企业",
            ),
            Condition(
                "op3.zone_or_industry",
                "OP3.1(3)",
                "注册在中关村一区十六园、三城一区或属于十大高精尖产业",
                any_of(v("priority_zone"), v("high_tech_industry")),
                met="注册在中关村一区十六园/三城一区或属于十大高精尖产业",
                unmet="既未注册在中关村一区十六园/三城一区，也不属于十大高精尖产业",
                fix="须注册在中关村一区十六园、三城一区，或属于十大高精尖产业",
            ),
        ),
        amount=min_of(op3_subsidy, op3_cap),
        steps=(
            Step(
                "2020年2–4月单位实际缴纳养老、医疗、失业保险费 {contrib} × 补贴比例 {rate}"
                "（月均人数增长 {g}，20%及以上按50%，以内按30%）",
                {"contrib": Show(contrib, "yuan"), "rate": Show(op3_rate, "pct"), "g": Show(growth, "pct")},
            ),
            Step(
                "上限：每人 {cap} × 2020年2–4月平均参保人数（{heads} 人 ÷ 3）= {total}，取两者较小者",
                {
                    "cap": Show(p("op3_cap_per_person"), "yuan"),
                    "heads": Show(heads, "int"),
                    "total": Show(op3_cap, "yuan"),
                },
            ),
        ),
        window=("op3_window_start", "op3_window_end"),
        review="区人力社保部门审核，有疑问的报市审核小组联审",
        department="朝阳区劳动服务管理中心",
    )


# ---- OP5 一次性吸纳就业补贴 ---------------------------------------------------------------

new1, new2 = v("si_new_2020_01"), v("si_new_2020_02")


def op5() -> Policy:
    return Policy(
        id="OP5",
        title="一次性吸纳就业补贴",
        clause="OP5",
        subject="enterprise",
        conditions=(
            Condition(
                "op5.certified",
                "OP5",
                "经认定的疫情防控急需物资生产、配送企业",
                v("epidemic_supplier_certified").eq(True),
                met="经认定为春节期间开工生产、配送疫情防控急需物资的企业",
                unmet="未经认定为疫情防控急需物资生产、配送企业",
                fix="须经相关部门认定为春节期间（截至2020年2月9日）开工生产、配送疫情防控急需物资的企业",
            ),
            Condition(
                "op5.new_enrolments",
                "OP5",
                "2020年1月、2月有社保增员",
                any_of(new1 > 0, new2 > 0),
                met="2020年1月社保增员 {a} 人、2月 {b} 人",
                unmet="2020年1月社保增员 {a} 人、2月 {b} 人，没有新增参保",
                fix="补贴按2020年1、2月社保增员人数计算，无增员则无补贴",
                shows={"a": Show(new1, "int"), "b": Show(new2, "int")},
            ),
        ),
        amount=p("op5_amount_per_person") * (new1 + new2),
        steps=(
            Step(
                "（1月增员 {a} 人 + 2月增员 {b} 人）× 每人 {per}",
                {"a": Show(new1, "int"), "b": Show(new2, "int"), "per": Show(p("op5_amount_per_person"), "yuan")},
            ),
        ),
        review="区认定审核，报市人力资源和社会保障局批准后拨付",
        department="朝阳区人力社保局就业资金管理科",
    )


# ---- OP6 职业技能培训补贴 (enterprise level, from the registry count) ------------------------


def op6(op2_policy: Policy, op3_policy: Policy) -> Policy:
    trained = v("trained_40h_employed")
    return Policy(
        id="OP6",
        title="职业技能培训补贴",
        clause="OP6",
        subject="enterprise",
        conditions=(
            Condition(
                "op6.received",
                "OP6",
                "享受了困难企业失业保险费返还或一次性社会保险补贴",
                any_of(op2_policy.eligible, op3_policy.eligible),
                met="符合困难企业失业保险费返还或一次性社会保险补贴条件",
                unmet="不符合困难企业失业保险费返还和一次性社会保险补贴条件",
                fix="须先享受困难企业失业保险费返还或一次性社会保险补贴",
                unknown="是否享受困难企业失业保险费返还或一次性社会保险补贴尚无法判断（缺少：{missing}）",
            ),
            Condition(
                "op6.trained",
                "OP6",
                "2020年组织职工培训累计不低于40课时且仍在职",
                trained >= 1,
                met="2020年培训累计不低于40课时且仍在职的职工 {n} 人",
                unmet="没有2020年培训累计不低于40课时且仍在职的职工（{n} 人）",
                fix="组织职工培训累计不低于40课时（每课时45分钟，线上课时可累计）",
                shows={"n": Show(trained, "int")},
            ),
        ),
        amount=p("op6_amount_per_person") * trained,
        steps=(
            Step(
                "培训达标在职职工 {n} 人 × 每人 {per}",
                {"n": Show(trained, "int"), "per": Show(p("op6_amount_per_person"), "yuan")},
            ),
        ),
        review="区职业能力建设科审核",
        department="朝阳区人力社保局职业能力建设科",
    )


# ---- N14 就业示范基地 --------------------------------------------------------------------


def n14() -> Policy:
    rural = v("local_rural_workers")
    return Policy(
        id="N14",
        title="就业示范基地一次性就业补贴（候选）",
        clause="N14",
        subject="enterprise",
        conditions=(
            Condition(
                "n14.rural_workers",
                "N14",
                "安置本区户籍农村劳动力30人以上（含）",
                rural >= p("n14_min_rural_workers"),
                met="安置本区户籍农村劳动力 {n} 人，达到 {need} 人，可参评就业示范基地",
                unmet="安置本区户籍农村劳动力 {n} 人，不足 {need} 人",
                fix="安置本区户籍农村劳动力达到 {need} 人可参评就业示范基地",
                shows={"n": Show(rural, "int"), "need": Show(p("n14_min_rural_workers"), "int")},
            ),
        ),
        amount=p("n14_award") * 1,
        steps=(Step("通过评审后一次性补贴 {award}", {"award": Show(p("n14_award"), "yuan")}),),
        review="参评就业示范基地，通过评审后发放",
        department="朝阳区人力社保局",
    )


# ---- I2 / I3 延长社会保险缴费 --------------------------------------------------------------

normally_paying = ~v("arrears_before_2019_12")


def _normally_paying(clause: str) -> Condition:
    return Condition(
        f"{clause.lower()}.normally_paying",
        clause,
        "在本市正常参保缴费（2019年12月前无未补齐欠缴）",
        normally_paying,
        met="2019年12月前无未补齐的欠缴，属于正常参保缴费单位",
        unmet="2019年12月前存在未补齐的欠缴，补齐后方可适用",
        fix="补齐2019年12月前欠缴的社会保险费",
    )


def i2() -> Policy:
    return Policy(
        id="I2",
        title="2020年1、2月社会保险费延长缴费至3月底",
        clause="I2",
        subject="enterprise",
        conditions=(_normally_paying("I2"),),
        outcome="2020年1月、2月社会保险费可延长至 {deadline} 缴纳，不收滞纳金",
        outcome_shows={"deadline": Show(p("i2_deadline"), "date")},
        department="北京市社会保险基金管理中心",
    )


def i3() -> Policy:
    return Policy(
        id="I3",
        title="十个行业企业延长缴费至7月底",
        clause="I3",
        subject="enterprise",
        conditions=(
            _normally_paying("I3"),
            Condition(
                "i3.industry_confirmed",
                "I3",
                "属于十个行业且经市级行业主管部门确认",
                v("deferral_industry_confirmed").eq(True),
                met="经市级行业主管部门确认属于十个行业",
                unmet="未经市级行业主管部门确认属于十个行业",
                fix="属于十个行业的企业须在申请期内申请，并经市级行业主管部门确认",
            ),
        ),
        outcome="可延长缴费至 {deadline}；申请期 {start} 至 {end}",
        outcome_shows={
            "deadline": Show(p("i3_deadline"), "date"),
            "start": Show(p("i3_window_start"), "date"),
            "end": Show(p("i3_window_end"), "date"),
        },
        window=("i3_window_start", "i3_window_end"),
        department="市级行业主管部门确认，市人社部门和医保部门统一延长",
    )


@cache
def enterprise_policies(variant: str = "baseline") -> tuple[Policy, ...]:
    """The screenable enterprise policies, in the order of the output columns."""
    check_variant(variant)
    a, b = op2(variant), op3()
    return (a, b, op5(), op6(a, b), n14(), i2(), i3())


def unmet_expr(policy: Policy) -> list[tuple[str, Expr]]:
    """(clause, test) pairs in order, for the batch ``_unmet`` column."""
    return [(cond.clause, cond.test) for cond in policy.conditions]


register(Kind("enterprise", "用人单位", ENTERPRISE_FIELDS, enterprise_policies, ("op2", "op3", "op5", "op6", "n14", "deferral")))
