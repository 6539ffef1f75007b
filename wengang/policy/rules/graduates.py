"""N9 毕业生“不见面”签约：2020届毕业生在延长后的签约录取、就业报到期限内网上签署三方协议。"""

from __future__ import annotations

from functools import cache

from ..expr import all_of, days_between, p, v
from ..fields import GRADUATE_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show

year = v("graduation_year")


@cache
def contactless_signing() -> Policy:
    """N9：适用届别、在延长后的签约录取截止日前签约、报到日期不晚于延长后的就业报到截止日。"""
    return Policy(
        id="N9",
        title="毕业生不见面签约",
        clause="N9",
        subject="graduate",
        conditions=(
            Condition(
                "n9.class",
                "N9",
                "适用届别的高校毕业生",
                all_of(year >= p("n9_graduation_year"), year <= p("n9_graduation_year")),
                met="{year} 届毕业生，适用延长的办理时间",
                unmet="{year} 届毕业生，不是 {class} 届，不适用延长的办理时间",
                shows={"year": Show(year, "int"), "class": Show(p("n9_graduation_year"), "int")},
            ),
            Condition(
                "n9.signing",
                "N9",
                "在延长后的签约录取截止日前签约",
                days_between(v("signed_on"), p("n9_signing_deadline")) >= 0,
                met="签约日 {on}，不晚于签约录取截止日 {deadline}",
                unmet="签约日 {on} 晚于签约录取截止日 {deadline}",
                shows={"on": Show(v("signed_on"), "date"), "deadline": Show(p("n9_signing_deadline"), "date")},
            ),
            Condition(
                "n9.report",
                "N9",
                "报到日期不晚于延长后的就业报到截止日",
                days_between(v("report_on"), p("n9_report_deadline")) >= 0,
                met="报到日期 {on}，不晚于就业报到截止日 {deadline}",
                unmet="报到日期 {on} 晚于就业报到截止日 {deadline}",
                shows={"on": Show(v("report_on"), "date"), "deadline": Show(p("n9_report_deadline"), "date")},
                fix="报到日期改为 {deadline} 以前",
            ),
        ),
        status_words=("可以网上签约", "不能网上签约", "待定（信息不全）"),
        outcome="用人单位、毕业生和学校在网上确认后生成三方协议，协议带文号和核验码",
        department="高校就业指导中心、区人力资源和社会保障局",
    )


register(Kind("graduate", "毕业生签约", GRADUATE_FIELDS, lambda variant: (contactless_signing(),), ("graduates",)))
