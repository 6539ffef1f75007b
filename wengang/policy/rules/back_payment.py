"""I4 延长缴费后的补缴：期限内补缴免收滞纳金，超期按日加收滞纳金。"""

from __future__ import annotations

from functools import cache

from ..expr import days_between, p, v
from ..fields import BACK_PAYMENT_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show, Step

days_late = days_between(v("deadline"), v("paid_on"))


@cache
def late_fee() -> Policy:
    return Policy(
        id="I4",
        title="超期补缴滞纳金",
        clause="I4",
        subject="back_payment",
        conditions=(
            Condition(
                "i4.late",
                "I4",
                "超过延长缴费期限补缴",
                days_late > 0,
                met="截止日 {deadline}，补缴日 {paid}，超期 {days} 天，收取滞纳金，影响权益记录",
                unmet="截止日 {deadline}，补缴日 {paid}，在期限内补缴，不收取滞纳金",
                shows={
                    "deadline": Show(v("deadline"), "date"),
                    "paid": Show(v("paid_on"), "date"),
                    "days": Show(days_late, "int"),
                },
            ),
        ),
        amount=v("amount_due") * p("late_fee_daily_rate") * days_late,
        steps=(
            Step(
                "应缴 {due} × 每日 {rate} × 超期 {days} 天",
                {
                    "due": Show(v("amount_due"), "yuan"),
                    "rate": Show(p("late_fee_daily_rate"), "rate"),
                    "days": Show(days_late, "int"),
                },
            ),
        ),
        status_words=("收取滞纳金", "免收滞纳金", "待定（信息不全）"),
        department="北京市社会保险基金管理中心",
    )


register(Kind("back_payment", "社会保险费补缴", BACK_PAYMENT_FIELDS, lambda variant: (late_fee(),), ("deferral",)))
