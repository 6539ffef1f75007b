"""OP4 一次性就业创业服务补助 — per HR agency, from its confirmed placements."""

from __future__ import annotations

from functools import cache

from ..expr import c, if_, p, v
from ..fields import AGENCY_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Roster, Show, Step

n = v("counted_placements")


@cache
def placement() -> Policy:
    """One declared placement: does it count toward the agency's total?"""
    return Policy(
        id="OP4.placement",
        title="推荐成功上岗认定",
        clause="OP4.1(2)",
        subject="agency",
        conditions=(
            Condition(
                "op4.urgent_post",
                "OP4.1(1)",
                "用工单位为在“就业超市”发布“急聘”公告的重点企业",
                v("enterprise_posted_urgent").eq(True),
                met="用工单位发布过急聘公告",
                unmet="用工单位不是发布急聘公告的重点企业",
            ),
            Condition(
                "op4.confirmed",
                "OP4.1(2)",
                "经重点企业和人力资源服务机构双方确认",
                (v("confirmed_by_enterprise").eq(True)) & (v("confirmed_by_agency").eq(True)),
                met="双方已确认",
                unmet="未经双方确认",
            ),
            Condition(
                "op4.proof",
                "OP4.1(2)",
                "有薪酬支付证明或劳务协议",
                v("has_pay_proof").eq(True),
                met="有薪酬证明或劳务协议",
                unmet="缺少薪酬证明或劳务协议",
            ),
        ),
    )


@cache
def op4() -> Policy:
    t1, t2, t3 = p("op4_tier1_placements"), p("op4_tier2_placements"), p("op4_tier3_placements")
    return Policy(
        id="OP4",
        title="一次性就业创业服务补助",
        clause="OP4",
        subject="agency",
        conditions=(
            Condition(
                "op4.tier1",
                "OP4.2",
                "推荐成功上岗50人（含）以上",
                n >= t1,
                met="推荐成功上岗 {n} 人，达到 {t1} 人",
                unmet="推荐成功上岗 {n} 人，不足 {t1} 人",
                shows={"n": Show(n, "int"), "t1": Show(t1, "int"), "gap": Show(t1 - n, "int")},
                fix="再推荐成功上岗 {gap} 人可达到第一档",
                unknown="没有推荐成功上岗名单（也未给出人数），人数未知，无法判断",
            ),
        ),
        amount=if_(
            n >= t3,
            p("op4_tier3_amount"),
            if_(n >= t2, p("op4_tier2_amount"), if_(n >= t1, p("op4_tier1_amount"), c(0))),
        ),
        steps=(
            Step(
                "推荐成功上岗 {n} 人：50人（含）以上 2.4万元，100人（含）以上 4.5万元，200人（含）以上 9万元",
                {"n": Show(n, "int")},
            ),
        ),
        review="区人力资源公共服务中心审核",
        department="朝阳区人力资源公共服务中心",
        roster=Roster("placements", placement(), "counted_placements", unique_by="worker_id"),
    )


register(Kind("agency", "人力资源服务机构", AGENCY_FIELDS, lambda variant: (op4(),), ("op4",)))
