"""N18/N19 失业动态监测和规模性失业预警: the three warning levels (黄 / 橙 / 红) of one firm's or one
street's month, each a policy whose one condition is the level's threshold.

岗位流失率 = 当月减少参保人数 ÷ 月初参保人数. A firm reaches a level by the people it lost in the
month or by its job-loss rate (the rate only for firms of at least ``monitoring_firm_min_insured``
insured people: three people of a firm of five are not a mass layoff); a street by its job-loss
rate. Thresholds are the dated parameters of ``parameters/monitoring.yaml``. The level of a month is
decided by :mod:`wengang.policy.warning` from the three results: the highest level met; 待定 when none
is met and one could not be judged (a month missing is unknown, never zero).
"""

from __future__ import annotations

from functools import cache

from ..expr import Expr, all_of, any_of, p, v
from ..fields import FIRM_MONTH_FIELDS, STREET_MONTH_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show

lost, start = v("lost"), v("insured_start")
#: the levels, highest first: (id suffix, Chinese name)
LEVELS = (("red", "红色"), ("orange", "橙色"), ("yellow", "黄色"))
DEPARTMENT = "朝阳区人力资源和社会保障局劳动服务管理中心"


def _firm_test(level: str) -> Expr:
    by_people = lost >= p(f"monitoring_firm_{level}_people")
    by_rate = all_of(
        start >= p("monitoring_firm_min_insured"), lost > 0, lost >= p(f"monitoring_firm_{level}_rate") * start
    )
    return any_of(by_people, by_rate)


def _street_test(level: str) -> Expr:
    return all_of(start > 0, lost >= p(f"monitoring_street_{level}_rate") * start)


def _level(clause: str, subject: str, level: str, name: str, title: str, label: str, test: Expr, reading: str,
           line: str, shows: dict[str, Show]) -> Policy:
    """One warning level: a policy whose one condition is the level's threshold. ``reading`` says the
    month's figures and ``line`` the threshold (texts with ``{s}``, ``{n}``, ``{rate}`` and ``shows``)."""
    return Policy(
        id=f"{clause}.{level}",
        title=title,
        clause=clause,
        subject=subject,
        conditions=(
            Condition(
                f"{clause.lower()}.{level}",
                clause,
                label,
                test,
                met=reading + "：达到" + name + "预警线" + line,
                unmet=reading + "：未达到" + name + "预警线" + line,
                shows={"s": Show(start, "int"), "n": Show(lost, "int"), "rate": Show(lost / start, "pct"), **shows},
                unknown="缺少该月的参保数据，无法判断（缺少：{missing}）",
            ),
        ),
        status_words=(f"{name}预警", f"未达{name}预警线", "待定（缺少该月数据）"),
        department=DEPARTMENT,
    )


@cache
def firm_levels() -> tuple[Policy, ...]:
    """The firm's three levels, highest first (N18)."""
    return tuple(
        _level(
            "N18", "firm_month", level, name, f"企业{name}预警", f"当月减少参保人数或岗位流失率达到{name}预警线",
            _firm_test(level), "月初参保 {s} 人，当月减少 {n} 人（岗位流失率 {rate}）", "（{people} 人或 {line}）",
            {
                "people": Show(p(f"monitoring_firm_{level}_people"), "int"),
                "line": Show(p(f"monitoring_firm_{level}_rate"), "rate"),
            },
        )
        for level, name in LEVELS
    )


@cache
def street_levels() -> tuple[Policy, ...]:
    """The street's three levels, highest first (N19: large-scale unemployment in an area)."""
    return tuple(
        _level(
            "N19", "street_month", level, name, f"街乡{name}预警", f"街乡当月岗位流失率达到{name}预警线",
            _street_test(level), "辖区企业月初参保 {s} 人，当月减少 {n} 人（岗位流失率 {rate}）", " {line}",
            {"line": Show(p(f"monitoring_street_{level}_rate"), "rate")},
        )
        for level, name in LEVELS
    )


register(Kind("firm_month", "企业月度参保（失业监测）", FIRM_MONTH_FIELDS, lambda variant: firm_levels(), ("monitoring",)))
register(Kind("street_month", "街乡月度参保（失业监测）", STREET_MONTH_FIELDS, lambda variant: street_levels(), ("monitoring",)))
