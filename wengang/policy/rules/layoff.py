"""L 裁减人员报告 (附件4): when a report is required, and whether a report is complete."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..expr import all_of, any_of, p, v
from ..facts import FactError
from ..fields import LAYOFF_CIRCUMSTANCES, LAYOFF_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show

layoffs, employees = v("layoffs"), v("employees")
required = any_of(layoffs >= p("layoff_min_people"), layoffs >= p("layoff_min_share") * employees)
MATERIALS = (
    "企业法人营业执照副本复印件",
    "企业实施裁员适用法律法规的情况说明",
    "裁减时间及实施步骤",
    "被裁减人员的经济补偿办法和标准",
    "被裁减人员名单（姓名、户籍、岗位、劳动合同期限）",
    "工会或者全体劳动者的意见",
    "经办人委托书、经办人身份证复印件",
    "国家和本市规定的其他需要报告事项",
)
CIRCUMSTANCES = LAYOFF_CIRCUMSTANCES


@cache
def report_required() -> Policy:
    return Policy(
        id="L.cond",
        title="裁减人员须向劳动行政部门报告",
        clause="L.cond",
        subject="layoff",
        conditions=(
            Condition(
                "l.threshold",
                "L.cond",
                "裁减人员20人以上，或不足20人但占职工总数10%以上",
                required,
                met="裁减 {n} 人，职工总数 {e} 人（占 {share}）：须提前报告",
                unmet="裁减 {n} 人，职工总数 {e} 人（占 {share}）：未达到20人或10%，无须报告",
                shows={
                    "n": Show(layoffs, "int"),
                    "e": Show(employees, "int"),
                    "share": Show(layoffs / employees, "pct"),
                },
            ),
        ),
        status_words=("须报告", "无须报告", "待定（信息不全）"),
        outcome="须提前 {days} 天向工会或者全体职工说明情况，听取意见后向劳动行政部门报告",
        outcome_shows={"days": Show(p("layoff_notice_days"), "int")},
        department="朝阳区人力资源和社会保障局劳动关系科",
    )


@cache
def report_complete() -> Policy:
    circumstance = v("circumstance")
    return Policy(
        id="L",
        title="裁减人员报告受理条件",
        clause="L",
        subject="layoff",
        conditions=(
            Condition(
                "l.notice",
                "L.cond",
                "提前三十日向工会或者全体职工说明情况并听取意见",
                v("notice_days") >= p("layoff_notice_days"),
                met="已提前 {d} 天说明情况，不少于 {need} 天",
                unmet="仅提前 {d} 天说明情况，须提前 {need} 天",
                shows={"d": Show(v("notice_days"), "int"), "need": Show(p("layoff_notice_days"), "int")},
                fix="向工会或全体职工说明情况满 {need} 天后再报告",
            ),
            Condition(
                "l.circumstance",
                "L.circ",
                "属于四种法定情形之一",
                all_of(circumstance >= 1, circumstance <= 4),
                met="情形（{c}）",
                unmet="情形 {c} 不属于四种法定情形",
                shows={"c": Show(circumstance, "int")},
            ),
            *(
                Condition(
                    f"l.mat{i}",
                    f"L.mat({i})",
                    MATERIALS[i - 1],
                    v(f"material_{i}").eq(True),
                    met=f"已提交：{MATERIALS[i - 1]}",
                    unmet=f"缺少：{MATERIALS[i - 1]}",
                )
                for i in range(1, 9)
            ),
            Condition(
                "l.n17",
                "N17",
                "名单中没有因疫情暂不能返岗的劳动者",
                v("epidemic_unable_to_return") <= 0,
                met="名单中没有因疫情暂不能返岗的劳动者",
                unmet="名单中有 {k} 名因疫情暂不能返岗的劳动者，企业不得解除其劳动合同（N17）",
                shows={"k": Show(v("epidemic_unable_to_return"), "int")},
            ),
        ),
        status_words=("材料齐全，可出具收悉证明", "不予受理", "待定（信息不全）"),
        department="朝阳区人力资源和社会保障局劳动关系科",
    )


def _no_more_than_employed(facts: dict[str, Any], labels: dict[str, str]) -> list[FactError]:
    """The layoffs may not exceed the employees."""
    layoffs, employees = facts.get("layoffs"), facts.get("employees")
    if isinstance(layoffs, int) and isinstance(employees, int) and layoffs > employees:
        facts["layoffs"] = None
        return [FactError(labels["layoffs"], f"裁减人数 {layoffs} 人超过职工总数 {employees} 人", "layoffs")]
    return []


register(Kind(
    "layoff", "裁减人员报告", LAYOFF_FIELDS, lambda variant: (report_required(), report_complete()), ("layoff",),
    check=_no_more_than_employed,
))
