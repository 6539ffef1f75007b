"""Seed the N17 wording rules. Administrators edit them afterwards in the admin (就业超市 › 招聘用语规则)."""

from django.db import migrations

AREAS = "湖北|武汉|黄冈|孝感|温州|疫区|重点疫区|疫情地区|疫情严重地区|疫情高发地区|高风险地区|中高风险地区"
REFUSE = "勿扰|免谈|不要(?!求)|不招|不收|不用|不录用|不予录用|谢绝|拒绝|恕不接待|除外|禁止|止步|莫扰"
REFUSE_BEFORE = "不招|不招收|暂不招收|不要|不收|拒收|不录用|不接受|谢绝|拒绝|禁止"
PERSON = "(?:人员|人士|人|员工|求职者|务工人员)?"
PLACES = "北京|本市|京籍|本地|本区|城镇|农村|非农业"

EPIDEMIC_EXPLANATION = "以来自疫情地区为由拒绝求职者，属就业歧视，N17 明确禁止。"
EPIDEMIC_SUGGESTION = "删去针对地区的限制；如需健康管理，写明“入职前按本市防疫规定进行健康监测”。"
HUKOU_EXPLANATION = "以户籍、籍贯限制或拒绝求职者，属就业歧视，N17 明确禁止。"
HUKOU_SUGGESTION = "删去户籍、籍贯要求，写明岗位实际需要的技能或证件（如“持有效健康证”）。"

RULES = [
    # (pattern, kind, category, explanation, suggestion)
    (
        f"(?:{AREAS})(?:籍|户籍|地区|省|市)?的?(?:来京|返京|进京)?{PERSON}(?:一律|均|概|全部)?(?:{REFUSE})",
        "block", "epidemic_area", EPIDEMIC_EXPLANATION, EPIDEMIC_SUGGESTION,
    ),
    (
        f"(?:{REFUSE_BEFORE})(?:来自|从)?(?:{AREAS})",
        "block", "epidemic_area", EPIDEMIC_EXPLANATION, EPIDEMIC_SUGGESTION,
    ),
    (
        f"(?:限|仅限|只限|只招|仅招|须|需|必须|要求)有?(?:{PLACES})?(?:户口|户籍|生源)",
        "block", "hukou", HUKOU_EXPLANATION, HUKOU_SUGGESTION,
    ),
    (
        f"(?:外地|外省|外埠|非京籍|非本市|非北京|农村|[\u4e00-\u9fff]{{1,3}}籍)(?:户口|户籍)?的?{PERSON}(?:一律|均|概)?(?:{REFUSE})",
        "block", "hukou", HUKOU_EXPLANATION, HUKOU_SUGGESTION,
    ),
    (
        f"(?:{REFUSE_BEFORE})(?:外地|外省|外埠|非京籍|农村|[\u4e00-\u9fff]{{2,3}}籍)",
        "block", "hukou", HUKOU_EXPLANATION, HUKOU_SUGGESTION,
    ),
    (
        "(?:北京|本市|京籍|本地)(?:户口|户籍|生源)(?:者)?优先",
        "warn", "hukou", "以户籍作为优先条件，可能构成对外地求职者的歧视（N17）。",
        "删去户籍优先条件，写明岗位实际需要的条件。",
    ),
    (
        "(?:限|仅限|只限|只招|仅招|要求)(?:男|女)(?:性|士|生)?",
        "warn", "gender", "限定性别可能构成性别歧视；除国家规定不适合妇女的工种外不得以性别为由拒绝录用。",
        "改为岗位实际要求，如“需搬运 25 公斤以内货物”“需夜间值班”。",
    ),
    (
        "(?:男|女)(?:性|士|生)?(?:优先|勿扰|免谈|不要|不招)|(?:不招|不要|谢绝)(?:男|女)",
        "warn", "gender", "以性别作为优先或排除条件，可能构成性别歧视。",
        "删去性别条件，写明岗位实际要求（体力、班次等）。",
    ),
    (
        r"\d{2}\s*周?岁\s*(?:及以下|以下|以内|之内)",
        "warn", "age", "设置年龄上限可能构成年龄歧视，应与岗位实际需要相关。",
        "删去年龄上限，或写明与岗位相关的实际要求（如“能适应倒班”）。",
    ),
    (
        r"(?<!\d)(?!1[68])\d{2}\s*周?岁\s*(?:及以上|以上)|(?:年龄|年纪)\s*[:：]?\s*在?\s*\d{2}\s*周?岁?\s*[-—~～至到]\s*\d{2}|(?:[5-9]0|00)后",
        "warn", "age", "限定年龄范围可能构成年龄歧视（年满16周岁的法定就业年龄除外）。",
        "删去年龄范围；如有法定要求，写明“年满18周岁”。",
    ),
    (
        "汉族|(?:少数民族|维吾尔族|维族|回族|藏族)(?:人员|人|员工)?(?:勿扰|免谈|不要|除外|谢绝)|(?:不招|不要|谢绝)少数民族",
        "warn", "ethnicity", "以民族作为条件可能构成民族歧视。", "删去民族条件。",
    ),
    (
        "已婚|未婚|已育|未育|婚否|婚育|怀孕|孕期|生育计划|二胎|二孩",
        "warn", "marriage", "以婚姻、生育状况作为条件可能构成对女性求职者的歧视。",
        "删去婚育条件，写明岗位实际要求（如“能适应出差”）。",
    ),
]


def seed(apps, schema_editor):
    WordingRule = apps.get_model("jobs", "WordingRule")
    for pattern, kind, category, explanation, suggestion in RULES:
        WordingRule.objects.get_or_create(
            pattern=pattern,
            defaults={
                "is_regex": True, "kind": kind, "category": category, "clause": "N17",
                "explanation": explanation, "suggestion": suggestion, "active": True,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("jobs", "WordingRule").objects.filter(pattern__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_wording_events_tokens")]
    operations = [migrations.RunPython(seed, unseed)]
