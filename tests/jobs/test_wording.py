"""N17: refusals by epidemic area or hukou/origin are blocked; gender, age, ethnicity and
marital wording warns; ordinary place names and experience requirements pass."""

from __future__ import annotations

import pytest

from wengang.jobs.models import WordingRule
from wengang.jobs.wording import check_post_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("湖北籍勿扰", "epidemic_area"),
        ("不招疫区人员", "epidemic_area"),
        ("湖北人员不要", "epidemic_area"),
        ("武汉来京人员免谈", "epidemic_area"),
        ("限北京户口", "hukou"),
        ("外地人免谈", "hukou"),
        ("河南籍勿扰", "hukou"),
    ],
)
def test_it_blocks_refusals_by_area_or_origin(text, category):
    verdict = check_post_text(f"招聘分拣员，{text}，待遇从优")
    assert [f.category for f in verdict.blocked] == [category]
    finding = verdict.blocked[0]
    assert finding.clause == "N17"
    assert finding.suggestion
    assert text.startswith(finding.matched[:2])


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("限男性", "gender"),
        ("女士优先", "gender"),
        ("35岁以下", "age"),
        ("年龄18-45岁", "age"),
        ("限汉族", "ethnicity"),
        ("已婚已育优先", "marriage"),
    ],
)
def test_it_warns_on_gender_age_ethnicity_and_marriage(text, category):
    verdict = check_post_text(f"收银员，{text}")
    assert verdict.blocked == []
    assert [f.category for f in verdict.warnings] == [category]
    assert verdict.warnings[0].clause == "N17"
    assert verdict.warnings[0].suggestion


@pytest.mark.parametrize(
    "text",
    ["在湖北路门店工作", "湖北菜厨师", "负责武汉分公司业务对接", "经验：5年以上", "男女不限", "年满18周岁以上", "在湖北不要求经验"],
)
def test_it_does_not_over_block(text):
    assert check_post_text(text).ok


def test_each_finding_says_why_and_how_to_rewrite():
    finding = check_post_text("湖北籍勿扰").blocked[0]
    assert finding.category_label == "疫情地区"
    assert "歧视" in finding.explanation
    assert "“湖北籍勿扰”（疫情地区，N17）" in str(finding)


def test_administrators_rules_are_data():
    assert check_post_text("要求会说粤语").ok
    rule = WordingRule.objects.create(
        pattern="会说粤语", is_regex=False, kind=WordingRule.Kind.WARN, category=WordingRule.Category.HUKOU,
        explanation="以方言为条件可能构成地域歧视。", suggestion="写明实际需要的语言能力。",
    )
    assert [f.rule_id for f in check_post_text("要求会说粤语").warnings] == [rule.pk]
    rule.active = False
    rule.save()
    assert check_post_text("要求会说粤语").ok


@pytest.mark.parametrize(
    "text",
    [
        "不限户籍，男女不限",
        "不限性别、不限年龄、不限户籍",
        "已婚员工可申请夫妻房",
        "户籍：不限，欢迎湖北返京人员",
        "已婚未婚均可，民族不限",
        "女职工孕期、产期、哺乳期依法享受三期待遇",
        "养老院护理员，照护80岁以上老人",
    ],
)
def test_an_inclusive_post_is_neither_refused_nor_warned(text):
    assert check_post_text(text).ok


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("暂不招聘湖北籍员工", "暂不招聘湖北籍员工"),
        ("暂缓录用武汉返京人员", "暂缓录用武汉返京人员"),
        ("湖北来的不予考虑", "湖北来的不予考虑"),
        ("近期去过武汉的请勿投递", "武汉的请勿投递"),
        ("温州来的不招", "温州来的不招"),
        ("凡湖北籍或近期途经武汉者，恕不录用", "湖北籍或近期途经武汉者，恕不录"),
    ],
)
def test_it_blocks_refusals_worded_differently(text, matched):
    verdict = check_post_text(f"招聘理货员，{text}。")
    assert [(f.category, f.matched) for f in verdict.blocked] == [("epidemic_area", matched)]


def test_a_refusal_beside_an_inclusive_phrase_is_still_blocked():
    verdict = check_post_text("不限学历，不限户籍，湖北籍除外")
    assert [(f.category, f.matched) for f in verdict.blocked] == [("epidemic_area", "湖北籍除外")]


def test_a_benefit_for_married_staff_passes_but_a_marriage_condition_warns():
    assert check_post_text("已婚员工可申请夫妻房").ok
    verdict = check_post_text("已婚员工优先，可申请夫妻房")
    assert [(f.category, f.matched) for f in verdict.warnings] == [("marriage", "已婚")]


def test_full_width_text_reads_like_half_width_and_findings_quote_the_poster():
    verdict = check_post_text("年龄：１８－３５岁")
    assert [(f.category, f.matched) for f in verdict.warnings] == [("age", "年龄：１８－３５")]


def test_allow_rules_are_data_too():
    assert [f.category for f in check_post_text("要求男性").warnings] == ["gender"]
    rule = WordingRule.objects.create(
        pattern="要求男性（井下作业", is_regex=False, kind=WordingRule.Kind.ALLOW,
        category=WordingRule.Category.GENDER, explanation="国家规定女职工禁忌从事的劳动。", suggestion="",
    )
    assert check_post_text("要求男性（井下作业，国家规定）").ok
    rule.active = False
    rule.save()
    assert not check_post_text("要求男性（井下作业，国家规定）").ok


def test_the_epidemic_area_safety_net_is_seeded_off_and_warns_when_switched_on():
    text = "湖北籍的朋友这次就不麻烦了"
    assert check_post_text(text).ok
    net = WordingRule.objects.get(active=False, kind=WordingRule.Kind.WARN, category=WordingRule.Category.EPIDEMIC_AREA)
    net.active = True
    net.save()
    verdict = check_post_text(text)
    assert verdict.blocked == []
    assert [(f.category, f.matched) for f in verdict.warnings] == [("epidemic_area", "湖北籍的朋友这次就不")]
    assert check_post_text("不限户籍，欢迎湖北籍求职者").ok


def test_the_admin_lists_the_rules_with_long_patterns_cut(admin_client):
    from django.urls import reverse

    response = admin_client.get(reverse("admin:jobs_wordingrule_changelist") + "?kind__exact=allow")
    page = response.content.decode()
    assert response.status_code == 200
    assert "例外（合法或包容用语，不提示）" in page
    assert "…" in page


@pytest.mark.parametrize("unit", ["湖北籍、", "湖北、黄冈、", "不限户籍、性别、", "已婚", "年龄" + " " * 50])
def test_a_long_pathological_text_is_checked_quickly(unit):
    import time

    text = unit * (6000 // len(unit))
    started = time.perf_counter()
    check_post_text(text)
    assert time.perf_counter() - started < 3
