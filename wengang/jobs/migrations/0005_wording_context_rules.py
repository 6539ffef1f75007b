"""N17 wording rules, second list: refusals in more phrasings, and “allow” rules so that inclusive or
legitimate wording is never flagged (不限户籍、男女均可、湖北路、武汉大学、已婚员工可申请夫妻房、年满18周岁).

The check (``wengang.jobs.wording``) normalises the text (full-width → half-width), masks what the allow
rules match, then runs the block and warn rules sentence by sentence. The seed rules of 0003 are
replaced where an administrator has not changed them; rules added or edited in the admin are kept.
Tuned against the labelled corpus in ``wengang/jobs/wording_corpus/`` (``manage.py wording_report``).
"""

import importlib

from django.db import migrations, models

FIRST_LIST = importlib.import_module("wengang.jobs.migrations.0003_seed_wording_rules")

# -- vocabulary -----------------------------------------------------------------------------------
#: epidemic areas (2020): Hubei and its cities, Wenzhou, and the generic words for them
AREAS = (
    "湖北省?|鄂(?=籍)|武汉|黄冈|孝感|荆州|随州|襄阳|宜昌|十堰|鄂州|咸宁|荆门|恩施|仙桃|天门|潜江|黄石|温州"
    "|重点疫区|疫区|疫情(?:严重|高发|重点)?地区|(?:中高|中|高)风险地区"
)
#: provinces, regions and abbreviations (origin) and words for "not from here"
PROVINCES = (
    "北京|天津|河北|山西|内蒙古?|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖南|广东|广西|海南"
    "|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|东北|西北|外地|外省|外埠|外市|外区|农村|乡下"
    "|非(?:京籍|北京|本市|本地|本区)"
    "|(?:京|津|冀|晋|蒙|辽|吉|黑|沪|苏|浙|皖|闽|赣|鲁|豫|湘|粤|桂|琼|渝|川|蜀|黔|滇|藏|陕|甘|陇|青|宁|新)(?=籍)"
)
#: what a hukou requirement names
PLACES = "北京|本市|本地|本区|本省|当地|京(?=籍)"
#: "… 籍 / 户口 / 地区 … 的 … 来京的 … 人员": the words between an area and the refusal
TAIL = (
    "(?:省|市)?(?:籍|户籍|户口|地区|地|内|境内|等地区?|及周边(?:地区)?|周边(?:地区)?)?"
    "(?:旅居史|旅行史|居住史|接触史)?的?"
    "(?:来京|返京|进京|来|过来|回来|返回|返乡)?的?"
    "(?:人员|人士|人|员工|职工|求职者|应聘者|应聘人员|务工人员|老乡|朋友|同胞|者)?"
)
#: adverbs that may stand between the subject and the refusal (“一律”“本岗位”“就”)
ADVERBS = "(?:[,，]?(?:一律|均|概|一概|全部|都|统统|就|请|本次|此次|本岗位|本店|本公司|我司|我们|暂时?|抱歉了?|对不起|不好意思)){0,4}[,，]?"
#: refusals after the subject
#: a refusal is a negation directly followed by a hiring action (暂不安排面试、不予录用、请勿投递), or a set phrase
NEGATION = "(?:不要|不予|不能|不得|不|暂不|暂缓|暂停|停止|拒绝|谢绝|恕不|禁止|请勿|勿|别|拒)(?:再|予以)?"
ACTION = (
    "(?:招|录|聘|收(?!取|费)|要(?=$|[,，。;；!！?？了啊\\s])|考虑|接收|接受|面试|安排|报名|投(?:递|简历)?|应聘|联系"
    "|打扰|来电|回复|欢迎|接待|受理|入内|进入)"
)
REFUSE = (
    f"{NEGATION}{ACTION}"
    "|(?:别|不要|不用|请勿|勿)(?:再|前)?(?:来|投)|不用(?=$|[,，。;；!！?？了啊\\s])|勿扰|莫扰|免谈|免问|免投|谢绝|拒绝|拒收|除外|以外|之外|算了|止步|绕行|绕道"
    "|不行|不合适|不在[^,，。]{0,8}范围"
)
#: refusals before the subject
REFUSE_BEFORE = f"{NEGATION}(?:招|录|聘|收|要(?!求)|考虑|接收|接受|受理|面试)[\u4e00-\u9fff]{{0,2}}?|谢绝|拒绝|禁止"
ETHNIC = (
    "汉族|少数民族|维吾尔族|维族|回族|藏族|蒙古族|蒙族|壮族|满族|苗族|彝族|土家族|朝鲜族|哈萨克族|侗族|瑶族|白族"
    "|傣族|黎族|畲族|东乡族|撒拉族"
)
#: attributes an inclusive phrase may govern (“不限户籍、性别、年龄”, “已婚未婚均可”)
ATTRS = (
    "户籍|户口|籍贯|地域|地区|省份|生源地|生源|来源地|出身|性别|男女|年龄|年纪|民族|各民族|" + ETHNIC
    + "|婚否|婚姻状况|婚姻|婚育|已婚未婚|已婚|未婚|已育|未育|生育|学历|专业|经验|身份|本地外地|京籍非京籍|城乡"
)
ATTR_LIST = f"(?:{ATTRS})(?:(?:[、,，/和及与或]|还是)(?:不限)?(?:{ATTRS})){{0,12}}"

EPIDEMIC = ("以来自疫情地区为由拒绝求职者，属就业歧视，N17 明确禁止。",
            "删去针对地区的限制；如需健康管理，写明“入职前按本市防疫规定进行健康监测”。")
HUKOU = ("以户籍、籍贯限制或拒绝求职者，属就业歧视，N17 明确禁止。",
         "删去户籍、籍贯要求，写明岗位实际需要的技能或证件（如“持有效健康证”）。")
GENDER = ("限定或排除性别可能构成性别歧视；除国家规定不适合妇女的工种外不得以性别为由拒绝录用。",
          "删去性别条件，写明岗位实际要求（如“需搬运 25 公斤以内货物”“需夜间值班”）。")
AGE = ("设置年龄上限或范围可能构成年龄歧视（年满16周岁的法定就业年龄除外）。",
       "删去年龄条件，或写明与岗位相关的实际要求（如“能适应倒班”）；法定要求写“年满18周岁”。")
ETHNICITY = ("以民族作为条件可能构成民族歧视。", "删去民族条件。")
MARRIAGE = ("以婚姻、生育状况作为条件可能构成对女性求职者的歧视。",
            "删去婚育条件，写明岗位实际要求（如“能适应出差”）。")
ALLOW = ("合法或包容的用语，不作为歧视条件。", "")

BACKSTOP = (
    "可能以来自疫情地区为由拒绝求职者（兜底提示：句中既有疫情地区人员又有否定用语），请人工核实。",
    "如无限制之意，可改写为正面表述（如“湖北籍员工返京后公司统一安排住宿”）。",
)

#: seeded inactive: an administrator may switch it on (see wording_corpus/README.md for its effect)
INACTIVE = [
    (f"(?:{AREAS})[^,，。;；]{{0,6}}?(?:籍|户口|人|者|的|返京|来京|回来|过来)[^,，。;；]{{0,8}}?"
     "(?:不|勿|禁止|拒|谢绝|恕|免|别|暂缓|暂停)",
     "warn", "epidemic_area", BACKSTOP),
]

RULES = [
    # (pattern, kind, category, (explanation, suggestion))
    # -- allow: inclusive negations (the scope of 不限 / 不论 / 均可 … is the attribute list it governs)
    (f"(?:不限|不论|无论|不分|不问|不拘|不计|不设)(?:是否)?{ATTR_LIST}", "allow", "hukou", ALLOW),
    (f"{ATTR_LIST}(?:求职者|员工|人员|应聘者)?\\s{{0,3}}[:：]?\\s{{0,3}}(?:均|都|皆|一律)?"
     "(?:不限|均可|皆可|都可以?|都行|可以|不限制|无限制|无要求|没有要求|不作要求|不做要求|一视同仁|欢迎|不论)",
     "allow", "hukou", ALLOW),
    # -- allow: legitimate phrases (places, dishes, schools, brands; closing formulas; legal ages; benefits)
    (f"(?:{AREAS}|{PROVINCES})(?:路|街|大街|大道|胡同|大厦|饭店|宾馆|酒店|菜|风味|鸭脖|热干面|米酒|中学|大学|医科大学"
     "|理工大学|师范大学|商会|驻京办|办事处|分公司|会馆|鞋城|小吃|区域|市场|项目|供应商|客户)",
     "allow", "epidemic_area", ALLOW),
    ("非诚勿扰|(?:中介|推销|代理|猎头|广告)(?:公司|机构|人员)?(?:勿扰|免谈|请勿|莫扰)"
     "|(?:谢绝|拒绝|恕不接待)(?:中介|推销|代理|猎头|广告)",
     "allow", "hukou", ALLOW),
    ("年满\\s{0,3}1[68]\\s{0,3}周?岁(?:及以上|以上)?|(?<!\\d)1[68]\\s{0,3}周?岁\\s{0,3}(?:及以上|以上)|未满\\s{0,3}1[68]\\s{0,3}周?岁|法定退休年龄",
     "allow", "age", ALLOW),
    ("\\d{1,3}\\s{0,3}(?:周|个月)?岁\\s{0,3}(?:及以上|以上|及以下|以下|以内)?的?(?:老人|老年人|长者|儿童|幼儿|婴幼儿|婴儿|孩子|学生|患者|宝宝)",
     "allow", "age", ALLOW),
    ("(?:为|给|向)?(?:已婚|已育|已生育|怀孕|孕期|哺乳期){1,3}的?(?:员工|职工|女职工|同事|人员)"
     "(?=[^,，。;；]{0,10}?(?:可|享受|提供|补贴|津贴|夫妻|宿舍|假|依法|按规定|按国家规定|调整|照顾|福利))"
     "|(?:孕期|怀孕期间)(?:[、,，和及](?:产期|哺乳期)){0,2}(?:女职工)?(?:依法|按规定)?(?:享受|保护|待遇|特殊保护)"
     "|(?:女职工)?(?:怀孕|孕期|哺乳期)(?:期间)?的?(?:女职工)?"
     "(?=[^,，。;；]{0,8}?(?:不安排|不得安排|减少|调整|依法|按规定|享受|保护|照顾|减轻))",
     "allow", "marriage", ALLOW),
    # -- block: refusing people from epidemic areas (N17)
    # every repetition is bounded and this list is atomic (?>…): a long “湖北籍、湖北籍、…” must not backtrack
    (f"(?:{AREAS}){TAIL}(?>(?:[、/和及与或](?:近期)?(?:途经|去过|到过|来自)?(?:{AREAS}|[\u4e00-\u9fff]{{2,3}}?){TAIL}){{0,6}})"
     f"{ADVERBS}(?:{REFUSE})",
     "block", "epidemic_area", EPIDEMIC),
    (f"(?:{REFUSE_BEFORE})(?:来自|从)?(?:{AREAS}){TAIL}", "block", "epidemic_area", EPIDEMIC),
    (f"除(?:了)?(?:来自)?(?:{AREAS}){TAIL}(?:以外|之外|外)", "block", "epidemic_area", EPIDEMIC),
    (f"(?:只|仅|限)(?:要|招收?|收|限|录用?|聘用?|面向|接受|接收|对|向)?非(?:{AREAS})", "block", "epidemic_area", EPIDEMIC),
    # -- block: hukou or origin as a requirement or a refusal
    (f"(?:(?:只|仅|限)(?:限|招收?|要|收|录用?|聘用?|面向|对|向|接受|接收)?|须|需|需要|必须|要求)"
     f"(?:为|是|有|具有|持有)?(?:{PLACES})市?(?:常住|城镇|本地)?"
     "(?:户口|户籍|生源|籍|人|的(?=$|[,，。;；!！?？\\s]))",
     "block", "hukou", HUKOU),
    (f"(?:具有|具备|持有|拥有|有)(?:{PLACES})市?(?:常住|城镇)?(?:户口|户籍)(?!(?:者|的)?优先)", "block", "hukou", HUKOU),
    (f"(?:{PLACES})市?(?:常住|城镇)?(?:户口|户籍|籍|人|生源)(?:者|人员|的)?(?:方可|才可|才能|方能)", "block", "hukou", HUKOU),
    (f"(?:户籍|户口|籍贯)(?:所在地|要求|限制)?\\s{{0,3}}[:：]\\s{{0,3}}(?:{PLACES}|{PROVINCES})"
     f"|(?:应聘|报名|招聘|任职)?(?:条件|要求)\\s{{0,3}}[:：]\\s{{0,3}}(?:{PLACES})市?(?:常住|城镇)?(?:户口|户籍|生源|籍)"
     f"|(?:户籍|户口|籍贯|生源)(?:须|需|必须|仅|只)?(?:限|限于|为|是)(?:{PLACES}|{PROVINCES})",
     "block", "hukou", HUKOU),
    (f"(?:(?:{PROVINCES})(?:[、,，/和及与](?:{PROVINCES})){{0,6}}|(?:没有|无|不是)(?:{PLACES})市?(?:户口|户籍|籍|人))"
     f"{TAIL}{ADVERBS}(?:{REFUSE})",
     "block", "hukou", HUKOU),
    (f"(?:{REFUSE_BEFORE})(?:外地|外省|外埠|非京籍|非本市|非北京|非本地|农村)", "block", "hukou", HUKOU),
    # -- warn: hukou as a preference
    ("(?:北京|本市|京|本地|本区|当地)市?(?:户口|户籍|生源|籍|人)(?:者|人员)?优先|优先(?:录用|考虑|招聘)?(?:北京|本市|本地)(?:户口|户籍|生源|籍|人)",
     "warn", "hukou", ("以户籍作为优先条件，可能构成对外地求职者的歧视（N17）。", "删去户籍优先条件，写明岗位实际需要的条件。")),
    # -- warn: gender
    ("(?:限|仅限|只限|限招|只招|仅招|要求|只要|仅要|需|须)(?:男|女)(?![男女])(?:性|士|生|的)?"
     "|(?<![男女])(?:男|女)(?:性|士|生|的)?(?:求职者|应聘者|人员)?(?:优先|勿扰|免谈|不要|不招|不考虑|除外|谢绝)"
     "|(?:不招|不要|谢绝|拒绝)(?:男|女)(?![男女])"
     "|性别(?:要求)?\\s{0,3}[:：]\\s{0,3}(?:男|女)(?![男女])"
     "|(?:^|(?<=[,，:：]))(?:男|女)(?:性|士|生)?(?=$|[,，])"
     "|(?<![男女])(?:男|女)(?:性|士)?(?:保安|保洁|服务员|店员|司机|营业员|收银员|文员|前台|销售|主播|模特|护工|厨师|会计|秘书|助理|客服|普工|操作工)",
     "warn", "gender", GENDER),
    # -- warn: age
    ("\\d{2}\\s{0,3}周?岁\\s{0,3}(?:及以下|以下|以内|之内)"
     "|(?:年龄|年纪)[^,，。;；\\n]{0,4}?(?:不超过|不大于|不高于|小于|低于|未超过|≤|<)\\s{0,3}\\d{2}"
     "|(?:年龄|年纪)\\s{0,3}(?:要求)?\\s{0,3}[:：]?\\s{0,3}(?:限|在|须|需|为|应){0,3}\\s{0,3}\\d{2}\\s{0,3}周?岁?\\s{0,3}[-—~～至到]\\s{0,3}\\d{2}"
     "|(?:限|要求)\\s{0,3}\\d{2}\\s{0,3}周?岁?\\s{0,3}[-—~～至到]\\s{0,3}\\d{2}\\s{0,3}周?岁"
     "|(?<!\\d)(?!1[68])\\d{2}\\s{0,3}周?岁\\s{0,3}(?:及以上|以上)"
     "|(?<!\\d)(?:[5-9][05]|0[05])后(?!期|续|台|端|勤|厨)",
     "warn", "age", AGE),
    # -- warn: ethnicity
    (f"(?:限|仅限|只限|只招|仅招|只要|要求|须为?|需为?|必须是)(?:{ETHNIC})"
     f"|(?:{ETHNIC})(?:人员|人|员工|同胞|求职者)?(?:勿扰|免谈|不要|除外|谢绝|不招|不予|不考虑|优先)"
     f"|(?:不招|不要|谢绝|拒绝)(?:{ETHNIC})"
     f"|民族(?:要求)?\\s{{0,3}}[:：]\\s{{0,3}}(?:{ETHNIC}|汉)",
     "warn", "ethnicity", ETHNICITY),
    # -- warn: marital or childbearing status (benefits and legal protection are allowed above)
    ("已婚|未婚|已育|未育|已生育|未生育|婚否|婚育|生育计划|二胎|二孩|孕妇|怀孕|孕期", "warn", "marriage", MARRIAGE),
]


def seed(apps, schema_editor):
    WordingRule = apps.get_model("jobs", "WordingRule")
    WordingRule.objects.filter(pattern__in=[r[0] for r in FIRST_LIST.RULES]).delete()
    for rules, active in ((RULES, True), (INACTIVE, False)):
        for pattern, kind, category, (explanation, suggestion) in rules:
            WordingRule.objects.get_or_create(
                pattern=pattern,
                defaults={
                    "is_regex": True, "kind": kind, "category": category, "clause": "N17",
                    "explanation": explanation, "suggestion": suggestion, "active": active,
                },
            )


def unseed(apps, schema_editor):
    apps.get_model("jobs", "WordingRule").objects.filter(pattern__in=[r[0] for r in RULES + INACTIVE]).delete()
    FIRST_LIST.seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_search_index")]
    operations = [
        migrations.AlterField(
            model_name="wordingrule",
            name="kind",
            field=models.CharField(
                choices=[("allow", "例外（合法或包容用语，不提示）"), ("block", "禁止（不得发布）"), ("warn", "提示（人工审核）")],
                max_length=10,
                verbose_name="处理方式",
            ),
        ),
        migrations.AlterField(
            model_name="wordingrule",
            name="pattern",
            field=models.TextField(
                help_text="正则表达式或普通文字（见“按正则匹配”）。“例外”规则匹配到的文字不再参与禁止、提示规则的检查。",
                verbose_name="匹配用语",
            ),
        ),
        migrations.AlterField(
            model_name="wordingrule",
            name="suggestion",
            field=models.CharField(blank=True, help_text="“例外”规则可不填", max_length=300, verbose_name="建议改写"),
        ),
        migrations.RunPython(seed, unseed),
    ]
