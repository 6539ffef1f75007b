"""N16 创业担保贷款：感染借款人的展期（原则上不超过1年，财政继续贴息）和失去收入来源者的绿色通道。

The extension's subsidy is the loan's monthly interest subsidy, ``本金 × 年利率 × 贴息比例 ÷ 12``
rounded to the fen, for every month of the extension; :func:`subsidy_schedule` lays the same
monthly figure out month by month, over the original term and the extension, so the bank's
schedule and the decision agree to the fen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..expr import all_of, days_between, if_, p, round_money, round_money_value, v
from ..fields import LOAN_EXTENSION_FIELDS, LOAN_GUARANTEE_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show, Step

principal, rate, share = v("principal"), v("annual_rate"), v("subsidy_share")
extension = v("extension_months")
monthly_subsidy = round_money(principal * rate * share / 12)
small_firm = v("small_firm")
amount_limit = if_(small_firm, p("n16_firm_limit"), p("n16_individual_limit"))
term_limit = if_(small_firm, p("n16_firm_max_months"), p("n16_individual_max_months"))


@cache
def loan_extension() -> Policy:
    """N16 展期：借款人感染、在贷款到期前申请、展期不超过上限；展期内的贴息金额。"""
    return Policy(
        id="N16",
        title="创业担保贷款展期（财政继续贴息）",
        clause="N16",
        subject="loan_extension",
        conditions=(
            Condition(
                "n16.infected",
                "N16",
                "借款人患新型冠状病毒感染肺炎",
                v("infected"),
                met="借款人患新型冠状病毒感染肺炎，已提交证明材料",
                unmet="借款人未患新型冠状病毒感染肺炎，不适用疫情展期",
                fix="按贷款合同与经办银行协商还款",
            ),
            Condition(
                "n16.before_maturity",
                "N16",
                "在贷款到期前申请展期",
                days_between(v("requested_on"), v("loan_end")) >= 0,
                met="贷款到期日 {end}，申请日 {on}，在到期前申请",
                unmet="贷款已于 {end} 到期，申请日 {on} 已过到期日，不能展期",
                shows={"end": Show(v("loan_end"), "date"), "on": Show(v("requested_on"), "date")},
            ),
            Condition(
                "n16.extension_limit",
                "N16",
                "展期期限原则上不超过1年",
                all_of(extension >= 1, extension <= p("n16_extension_max_months")),
                met="申请展期 {n} 个月，不超过 {max} 个月",
                unmet="申请展期 {n} 个月，须为 1 至 {max} 个月",
                shows={"n": Show(extension, "int"), "max": Show(p("n16_extension_max_months"), "int")},
                fix="展期期限改为 {max} 个月以内",
            ),
        ),
        amount=monthly_subsidy * extension,
        steps=(
            Step(
                "每月贴息 = 本金 {principal} × 年利率 {rate} × 贴息比例 {share} ÷ 12 = {monthly}",
                {
                    "principal": Show(principal, "yuan"),
                    "rate": Show(rate, "pct"),
                    "share": Show(share, "pct"),
                    "monthly": Show(monthly_subsidy, "yuan"),
                },
            ),
            Step("展期内贴息 = 每月 {monthly} × {n} 个月", {"monthly": Show(monthly_subsidy, "yuan"), "n": Show(extension, "int")}),
        ),
        status_words=("可以展期", "不能展期", "待定（信息不全）"),
        outcome="展期期间财政继续贴息，经办银行确认后按新的到期日重排贴息计划",
        department="经办银行、区人力资源和社会保障局",
    )


@cache
def green_channel() -> Policy:
    """N16 绿色通道：暂时失去收入来源的个人和小微企业，符合借款人条件（额度、期限）的优先办理。"""
    return Policy(
        id="N16.green",
        title="创业担保贷款绿色通道（优先办理）",
        clause="N16",
        subject="loan_guarantee",
        conditions=(
            Condition(
                "n16.lost_income",
                "N16",
                "受疫情影响暂时失去收入来源",
                v("lost_income"),
                met="受疫情影响暂时失去收入来源，进入绿色通道优先办理",
                unmet="未暂时失去收入来源，按一般程序办理，不进入绿色通道",
            ),
            Condition(
                "n16.amount_limit",
                "N16",
                "贷款额度不超过借款人类别的上限",
                all_of(v("amount") > 0, v("amount") <= amount_limit),
                met="申请 {amount}，不超过上限 {limit}",
                unmet="申请 {amount}，超过上限 {limit}",
                shows={"amount": Show(v("amount"), "yuan"), "limit": Show(amount_limit, "yuan")},
                fix="申请金额改为 {limit} 以内",
            ),
            Condition(
                "n16.term_limit",
                "N16",
                "贷款期限不超过借款人类别的上限",
                all_of(v("term_months") >= 1, v("term_months") <= term_limit),
                met="期限 {n} 个月，不超过 {max} 个月",
                unmet="期限 {n} 个月，须为 1 至 {max} 个月",
                shows={"n": Show(v("term_months"), "int"), "max": Show(term_limit, "int")},
                fix="期限改为 {max} 个月以内",
            ),
        ),
        status_words=("符合绿色通道条件", "不符合绿色通道条件", "待定（信息不全）"),
        outcome="优先办理贷款担保和贷款发放手续",
        department="区人力资源和社会保障局、经办银行",
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One month of a loan's interest: what the bank charges, what the budget pays, what is left."""

    month: dt.date  # the first day of the month
    interest: Decimal
    subsidy: Decimal
    borrower: Decimal
    extended: bool  # a month of the extension


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def subsidy_schedule(
    *, principal: Decimal, annual_rate: Decimal, subsidy_share: Decimal, first_month: dt.date, term_months: int,
    extension_months: int = 0,
) -> list[ScheduleRow]:
    """The interest-subsidy schedule (N16): one row per month of the term and of the extension.

    Interest is ``本金 × 年利率 ÷ 12`` and the subsidy ``本金 × 年利率 × 贴息比例 ÷ 12``, each rounded
    half-up to the fen — the same monthly subsidy as :func:`loan_extension`'s amount."""
    interest = round_money_value(principal * annual_rate / 12)
    subsidy = round_money_value(principal * annual_rate * subsidy_share / 12)
    start = first_month.replace(day=1)
    return [
        ScheduleRow(_add_months(start, i), interest, subsidy, interest - subsidy, i >= term_months)
        for i in range(term_months + extension_months)
    ]


register(Kind("loan_extension", "创业担保贷款展期", LOAN_EXTENSION_FIELDS, lambda variant: (loan_extension(),), ("loans",)))
register(Kind("loan_guarantee", "创业担保贷款绿色通道", LOAN_GUARANTEE_FIELDS, lambda variant: (green_channel(),), ("loans",)))
