"""OP6 职业技能培训补贴 — a firm's training claim with its roster of trainees."""

from __future__ import annotations

from functools import cache

from ..expr import p, v
from ..fields import TRAINING_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Roster, Show, Step

trained = v("qualified_trainees")


@cache
def trainee() -> Policy:
    """One trainee on the roster: does this person count?"""
    hours = v("class_hours")
    return Policy(
        id="OP6.trainee",
        title="培训学员认定",
        clause="OP6",
        subject="training",
        conditions=(
            Condition(
                "op6.hours",
                "OP6",
                "2020年累计培训不低于40课时（每课时45分钟，线上课时累计计算）",
                hours >= p("op6_min_class_hours"),
                met="累计 {h} 课时，达到 {need} 课时",
                unmet="累计 {h} 课时，不足 {need} 课时",
                shows={"h": Show(hours), "need": Show(p("op6_min_class_hours"), "int")},
            ),
            Condition(
                "op6.year",
                "OP6",
                "培训在2020年组织",
                v("training_year").eq(p("op6_training_year")),
                met="培训年度 {y}",
                unmet="培训年度 {y}，不是 {need} 年",
                shows={"y": Show(v("training_year"), "int"), "need": Show(p("op6_training_year"), "int")},
            ),
            Condition(
                "op6.employed",
                "OP6",
                "申领补贴时仍在本企业就业",
                v("still_employed").eq(True),
                met="仍在本企业就业",
                unmet="申领时已不在本企业就业",
            ),
            Condition(
                "op6.not_duplicate",
                "OP6",
                "未以同一人员重复申领其他培训补贴",
                ~v("other_training_subsidy"),
                met="未重复申领其他培训补贴",
                unmet="已按其他培训补贴政策申领，不得重复申领",
            ),
        ),
    )


@cache
def op6_claim() -> Policy:
    return Policy(
        id="OP6",
        title="职业技能培训补贴",
        clause="OP6",
        subject="training",
        conditions=(
            Condition(
                "op6.received",
                "OP6",
                "享受了困难企业失业保险费返还或一次性社会保险补贴",
                v("received_op2_or_op3").eq(True),
                met="已享受困难企业失业保险费返还或一次性社会保险补贴",
                unmet="未享受困难企业失业保险费返还或一次性社会保险补贴",
            ),
            Condition(
                "op6.trained",
                "OP6",
                "有符合条件的参训职工",
                trained >= 1,
                met="符合条件的参训职工 {n} 人",
                unmet="没有符合条件的参训职工",
                shows={"n": Show(trained, "int")},
                unknown="没有参训职工名单（也未给出人数），人数未知，无法判断",
            ),
        ),
        amount=p("op6_amount_per_person") * trained,
        steps=(
            Step(
                "符合条件的参训职工 {n} 人 × 每人 {per}",
                {"n": Show(trained, "int"), "per": Show(p("op6_amount_per_person"), "yuan")},
            ),
        ),
        review="区职业能力建设科审核",
        department="朝阳区人力社保局职业能力建设科",
        # "累计不低于40课时"：one person's 2020 courses and batches count together (online too)
        roster=Roster(
            "trainees",
            trainee(),
            "qualified_trainees",
            unique_by="id_number",
            total="class_hours",
            total_if=v("training_year").eq(p("op6_training_year")),
        ),
    )


register(Kind("training", "培训补贴申请", TRAINING_FIELDS, lambda variant: (op6_claim(),), ("op6",)))
