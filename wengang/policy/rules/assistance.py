"""N13 就业困难人员认定与灵活就业社会保险补贴；N15 公益性岗位托底安置.

Three kinds of case, one policy each:

* ``hardship`` — N13.cert: whether a person may be certified as hard to employ (a listed category,
  working age, Beijing hukou, out of work, evidence given);
* ``flexible`` — N13: one month's flexible-employment social-insurance subsidy, a share of the
  contributions the person actually paid, within the subsidy term (three years, or up to retirement
  for a person within five years of it when first subsidised);
* ``welfare_post`` — N15: whether a certified person may be placed in a public-welfare post.

Ages are whole months (the service derives them from the ID number's birth date); the retirement
ages and every limit are dated parameters (``parameters/assistance.yaml``).
"""

from __future__ import annotations

from functools import cache

from ..expr import Lookup, all_of, if_, p, v
from ..fields import FLEXIBLE_FIELDS, HARDSHIP_FIELDS, WELFARE_POST_FIELDS
from ..kinds import Kind, register
from ..model import Condition, Policy, Show, Step

sex = v("sex")
#: the legal retirement age of the person's sex, in months
retire_age = if_(sex.eq("male"), p("retire_age_male"), p("retire_age_female"))
retire_months = retire_age * 12
age = v("age_months")
age_first = v("age_months_first")
before = v("months_subsidised_before")
#: N13: within five years of retirement when first subsidised → subsidised up to retirement
near_retirement = retire_months - age_first <= p("n13_near_retirement_years") * 12
max_months = p("n13_max_years") * 12
paid = v("contributions_paid")
share = p("n13_share_numerator") / p("n13_share_denominator")
subsidy = paid * share


@cache
def hardship_certification() -> Policy:
    return Policy(
        id="N13.cert",
        title="就业困难人员认定",
        clause="N13",
        subject="hardship",
        conditions=(
            Condition(
                "n13.cert.category",
                "N13",
                "属于本市就业困难人员认定类别",
                v("category_listed").eq(True),
                met="申请类别：{cat}，属于认定类别",
                unmet="申请类别不在就业困难人员认定类别之内",
                shows={"cat": Show(v("category"), "text")},
            ),
            Condition(
                "n13.cert.age",
                "N13",
                "处于法定劳动年龄内",
                all_of(age >= p("working_age_min") * 12, age < retire_months),
                met="年龄 {y} 周岁，在 {min} 周岁至法定退休年龄 {r} 周岁之间",
                unmet="年龄 {y} 周岁，不在 {min} 周岁至法定退休年龄 {r} 周岁之间",
                shows={
                    "y": Show(v("age_years"), "int"),
                    "min": Show(p("working_age_min"), "int"),
                    "r": Show(retire_age, "int"),
                },
            ),
            Condition(
                "n13.cert.hukou",
                "N13",
                "本市户籍",
                v("beijing_hukou").eq(True),
                met="本市户籍",
                unmet="非本市户籍，不能认定为城乡就业困难人员",
            ),
            Condition(
                "n13.cert.unemployed",
                "N13",
                "处于失业（无业）状态",
                v("not_employed").eq(True),
                met="本人申明目前处于失业（无业）状态",
                unmet="目前已就业，不能申请认定",
            ),
            Condition(
                "n13.cert.evidence",
                "N13",
                "提交了所属类别的证明材料",
                v("evidence").eq(True),
                met="已上传证明材料",
                unmet="尚未上传证明材料（PDF）",
                fix="上传所属类别的证明材料（PDF）",
            ),
        ),
        status_words=("符合认定条件", "不符合认定条件", "待定（信息不全）"),
        review="街道（乡镇）社会保障事务所确认",
        department="所在街乡社会保障事务所",
    )


@cache
def flexible_subsidy() -> Policy:
    return Policy(
        id="N13",
        title="灵活就业社会保险补贴",
        clause="N13",
        subject="flexible",
        conditions=(
            Condition(
                "n13.certified",
                "N13",
                "经认定的就业困难人员",
                v("certified").eq(True),
                met="已认定为就业困难人员",
                unmet="尚未认定为就业困难人员",
            ),
            Condition(
                "n13.flexible",
                "N13",
                "实现灵活就业并以个人身份缴纳社会保险费",
                v("flexible_employed").eq(True),
                met="灵活就业，以个人身份缴纳社会保险费",
                unmet="未以灵活就业人员身份缴纳社会保险费",
            ),
            Condition(
                "n13.paid",
                "N13",
                "当月实际缴纳了社会保险费",
                paid > 0,
                met="当月实际缴纳社会保险费 {paid}",
                unmet="当月实际缴纳社会保险费 {paid}，未缴费的月份不予补贴",
                shows={"paid": Show(paid, "yuan")},
            ),
            Condition(
                "n13.term",
                "N13",
                "补贴期限：最长3年；首次享受时距法定退休年龄不足5年的，可延长至退休",
                if_(near_retirement, age < retire_months, before < max_months),
                met="{rule}；已享受 {before} 个月",
                unmet="{rule}；已享受 {before} 个月，补贴期限已满",
                shows={
                    "before": Show(before, "int"),
                    "rule": Show(
                        Lookup(
                            {True: "首次享受时距法定退休年龄不足5年，可补贴至退休", False: "补贴期限最长36个月"},
                            near_retirement,
                            "str",
                        ),
                        "text",
                    ),
                },
            ),
        ),
        amount=subsidy,
        steps=(
            Step(
                "当月实际缴纳社会保险费 {paid} × {num}/{den} = {amt}",
                {
                    "paid": Show(paid, "yuan"),
                    "num": Show(p("n13_share_numerator"), "int"),
                    "den": Show(p("n13_share_denominator"), "int"),
                    "amt": Show(subsidy, "yuan"),
                },
            ),
        ),
        review="街道（乡镇）社会保障事务所审核",
        department="所在街乡社会保障事务所",
    )


@cache
def welfare_placement() -> Policy:
    return Policy(
        id="N15",
        title="公益性岗位托底安置",
        clause="N15",
        subject="welfare_post",
        conditions=(
            Condition(
                "n15.certified",
                "N15",
                "经认定、无法实现市场就业的就业困难人员",
                v("certified").eq(True),
                met="已认定为就业困难人员",
                unmet="尚未认定为就业困难人员，不能托底安置",
            ),
            Condition(
                "n15.street",
                "N15",
                "由本人所在街乡的公益性岗位安置",
                v("same_street").eq(True),
                met="本人所在街乡的岗位",
                unmet="岗位不属于本人所在街乡",
            ),
            Condition(
                "n15.open",
                "N15",
                "岗位尚有空缺",
                v("open_places") > 0,
                met="岗位尚有 {n} 个空缺",
                unmet="岗位已满员（空缺 {n} 个）",
                shows={"n": Show(v("open_places"), "int")},
            ),
            Condition(
                "n15.single",
                "N15",
                "未在其他公益性岗位在岗",
                v("placed_elsewhere").eq(False),
                met="目前未在其他公益性岗位在岗",
                unmet="已在其他公益性岗位在岗，须先结束原安置",
            ),
        ),
        status_words=("可以安置", "不能安置", "待定（信息不全）"),
        department="所在街乡社会保障事务所",
    )


__all__ = ["flexible_subsidy", "hardship_certification", "welfare_placement"]


register(Kind("hardship", "就业困难人员认定", HARDSHIP_FIELDS, lambda variant: (hardship_certification(),), ("assistance",)))
register(Kind("flexible", "灵活就业社会保险补贴申领", FLEXIBLE_FIELDS, lambda variant: (flexible_subsidy(),), ("assistance",)))
register(Kind("welfare_post", "公益性岗位安置", WELFARE_POST_FIELDS, lambda variant: (welfare_placement(),), ("assistance",)))
