"""Demo data for the job market (就业超市), from attachment 2: 急聘 posts of the key enterprises
(物美 logistics centre in 孙河 400–500 pickers, 京客隆 100, 便利蜂 680, 永辉 200), vacancies that
street offices posted on local firms' behalf, and one warned post waiting in the moderation queue.

Made through ``wengang.jobs.services`` with the clock at the demo date, so every post passed the
N17 check and has its status record. Idempotent: a post is created only when its organisation has
none with that title. Needs the service hall's demo organisations; call it after ``demo_load``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from wengang.accounts.models import Role, User
from wengang.jobs.models import JobPost
from wengang.jobs.services import post_create
from wengang.registry.models import Organisation, Street

from .accounts import demo_password_hash
from .data import DEMO_TODAY, ORGANISATIONS
from .load import service_date

POSTED_ON = DEMO_TODAY - dt.timedelta(days=3)

#: key enterprise → (username of its recruiter, name); created when the firm has no enterprise user
RECRUITERS = {
    "wumei": ("wumei", "王建国"),
    "jingkelong": ("jingkelong", "李秀英"),
    "bianlifeng": ("bianlifeng", "张伟"),
    "yonghui": ("yonghui", "刘芳"),
}
#: street → (username of its staff member, name); 孙河's is the hall demo's ``jiexiang``
STREET_STAFF = {
    "孙河": ("jiexiang", "陈静"),
    "望京": ("jiexiang_wj", "赵敏"),
    "酒仙桥": ("jiexiang_jxq", "孙磊"),
    "金盏": ("jiexiang_jz", "周婷"),
    "劲松": ("jiexiang_js", "吴刚"),
    "东湖": ("jiexiang_dh", "郑洁"),
    "建外": ("jiexiang_jw", "冯涛"),
    "和平街": ("jiexiang_hpj", "韩雪"),
    "朝外": ("jiexiang_cw", "杨帆"),
    "呼家楼": ("jiexiang_hjl", "朱琳"),
    "三里屯": ("jiexiang_slt", "秦川"),
    "安贞": ("jiexiang_az", "许娜"),
    "亚运村": ("jiexiang_yyc", "何亮"),
    "小关": ("jiexiang_xg", "吕萍"),
    "团结湖": ("jiexiang_tjh", "施宇"),
    "双井": ("jiexiang_sj", "孔祥"),
    "潘家园": ("jiexiang_pjy", "曹颖"),
    "大屯": ("jiexiang_dt", "严华"),
    "来广营": ("jiexiang_lgy", "金鑫"),
    "崔各庄": ("jiexiang_cgz", "魏然"),
}


def _post(title: str, description: str, openings: int, pay: tuple[int, int], workplace: str, street: str,
          schedule: str, contact: tuple[str, str], deadline: dt.date, **flags: bool) -> dict[str, Any]:
    return {
        "title": title, "description": description, "openings": openings,
        "pay_min": Decimal(pay[0]).quantize(Decimal("0.01")), "pay_max": Decimal(pay[1]).quantize(Decimal("0.01")),
        "workplace": workplace, "street": street, "schedule": schedule,
        "contact_name": contact[0], "contact_phone": contact[1], "deadline": deadline,
        "urgent": flags.get("urgent", False), "internship": flags.get("internship", False),
    }


KEY_POSTS = {
    "wumei": [_post(
        "物流配送中心拣货员（400–500人）",
        "物美孙河物流配送中心保障全市门店供应，急招拣货员、装卸员400至500人。负责按订单拣选商品、复核、装车。"
        "提供工作餐和宿舍，缴纳五险，上岗前统一培训。",
        450, (5500, 7000), "孙河乡物流配送中心（京密路旁）", "孙河", "两班倒，8:00–20:00 / 20:00–8:00",
        ("王建国", "010-84590001"), dt.date(2020, 6, 30), urgent=True,
    )],
    "jingkelong": [
        _post("门店理货员、收银员", "京客隆各门店保障居民生活必需品供应，招聘理货员、收银员共100人，就近分配门店，提供工作餐。",
              100, (4500, 5500), "朝阳区各京客隆门店", "安贞", "早晚班轮换", ("李秀英", "010-64210002"),
              dt.date(2020, 6, 30), urgent=True),
        # warned (age): waits in the moderation queue
        _post("夜班收银员", "负责夜间门店收银、补货，35岁以下，有收银经验者优先。", 10, (5000, 5800),
              "安贞门店", "安贞", "22:00–次日7:00", ("李秀英", "010-64210002"), dt.date(2020, 6, 30)),
    ],
    "bianlifeng": [_post(
        "便利店店员（680人）",
        "便利蜂全市门店急招店员680人：收银、鲜食加热、理货、清洁，无经验可培训，可就近安排门店。",
        680, (4800, 6500), "朝阳区及全市各便利蜂门店", "望京", "三班倒，每班8小时", ("张伟", "010-84780003"),
        dt.date(2020, 7, 15), urgent=True,
    )],
    "yonghui": [_post(
        "超市生鲜加工员、理货员（200人）",
        "永辉超市保障蔬菜、肉蛋供应，招聘生鲜加工员、理货员、收银员共200人，提供工作餐，缴纳五险一金。",
        200, (5000, 6500), "常营永辉超市", "常营", "早晚班轮换", ("刘芳", "010-85390004"), dt.date(2020, 7, 15),
        urgent=True,
    )],
}

#: street vacancies: (street, organisation key, post); 附件2: 东湖、建外、和平街等 20 个街乡 posted vacancies
#: through their WeChat accounts and work groups, here one vacancy per street on a local firm's behalf
STREET_POSTS = [
    ("孙河", "hongyun", _post("仓库管理员", "负责货品出入库登记、盘点，熟练使用电脑。", 3, (5000, 6000), "孙河乡康营家园附近",
                             "孙河", "白班 9:00–18:00", ("陈静", "010-84590100"), dt.date(2020, 7, 31))),
    ("望京", "zhitu", _post("电商客服", "负责线上订单咨询与售后，普通话标准，可居家办公。", 8, (4500, 6000), "望京SOHO",
                           "望京", "做六休一", ("赵敏", "010-64710200"), dt.date(2020, 7, 31))),
    ("酒仙桥", "qicheng", _post("软件测试工程师（见习）", "高校毕业生见习岗位：参与软件功能测试、编写测试用例，见习期6个月。", 5,
                               (4000, 5000), "酒仙桥路电子城", "酒仙桥", "白班", ("孙磊", "010-64310300"),
                               dt.date(2020, 8, 31), internship=True)),
    ("金盏", "ankang", _post("社区防疫值守员", "负责小区出入口登记、测温和信息核对，就近安排。", 20, (4200, 4800), "金盏地区各社区",
                            "金盏", "两班倒", ("周婷", "010-84330400"), dt.date(2020, 6, 30))),
    ("劲松", "chengyun", _post("配送员", "负责社区生鲜配送，自备电动车者补贴，熟悉劲松地区道路。", 15, (6000, 8000), "劲松地区",
                              "劲松", "弹性排班", ("吴刚", "010-87310500"), dt.date(2020, 7, 15))),
]


def _street_post(street: str, key: str, title: str, description: str, openings: int, pay: tuple[int, int],
                 workplace: str, schedule: str, contact: tuple[str, str]) -> tuple[str, str, dict[str, Any]]:
    return street, key, _post(title, description, openings, pay, workplace, street, schedule, contact,
                              dt.date(2020, 7, 31))


STREET_POSTS += [
    _street_post("东湖", "zhitu", "社区团购订单处理员", "负责社区团购订单录入、核对和配送调度，熟练使用电脑。", 6, (4500, 5500),
                 "望京东湖街道", "白班 9:00–18:00", ("郑洁", "010-64720601")),
    _street_post("建外", "xincheng", "中央厨房配餐员", "负责写字楼员工餐分装、打包和配送准备，持健康证上岗。", 12, (4300, 5200),
                 "建国门外大街", "早班 6:00–14:00", ("冯涛", "010-65150602")),
    _street_post("和平街", "jingkelong", "社区店补货员", "负责社区店商品补货、陈列和临期商品检查，就近安排门店。", 10, (4200, 5000),
                 "和平街各社区店", "早晚班轮换", ("韩雪", "010-64270603")),
    _street_post("朝外", "huitong", "快递分拣员", "负责快件分拣、扫描和装车，岗前培训，提供工作餐。", 15, (5000, 6500),
                 "朝外大街物流网点", "两班倒", ("杨帆", "010-65530604")),
    _street_post("呼家楼", "chengyun", "楼宇消杀保洁员", "负责写字楼公共区域清洁和每日消毒记录，统一配发防护用品。", 8, (4200, 4800),
                 "呼家楼商务区", "白班 7:00–16:00", ("朱琳", "010-65970605")),
    _street_post("三里屯", "xincheng", "外卖打包员", "负责餐品核对、打包和交接骑手，熟悉门店流程后可转岗厨房帮工。", 6, (4200, 5000),
                 "三里屯各门店", "午晚高峰排班", ("秦川", "010-64170606")),
    _street_post("安贞", "yonghui", "生鲜称重员", "负责生鲜区称重、标价和补货，岗前培训。", 6, (4300, 5200), "安贞永辉门店",
                 "早晚班轮换", ("许娜", "010-64420607")),
    _street_post("亚运村", "qinghe", "线上客服专员", "负责企业软件产品的线上答疑和工单记录，可居家办公。", 5, (5000, 6500),
                 "亚运村北辰东路", "做五休二", ("何亮", "010-64910608")),
    _street_post("小关", "wumei", "社区便民菜店店员", "负责便民菜店收银、理货和线上订单备货。", 8, (4200, 5000), "小关地区便民菜店",
                 "早晚班轮换", ("吕萍", "010-64930609")),
    _street_post("团结湖", "chengyun", "社区垃圾分类指导员", "负责小区垃圾分类桶站值守、引导居民分类投放。", 10, (4000, 4600),
                 "团结湖各社区", "早晚两时段", ("施宇", "010-85980610")),
    _street_post("双井", "hongyun", "物业维修工", "负责小区水电维修、公共设施巡查，持电工证者优先。", 4, (5500, 7000),
                 "双井地区各小区", "白班，轮流值班", ("孔祥", "010-87770611")),
    _street_post("潘家园", "dayanglu", "蔬菜配送司机", "驾驶厢式货车向社区菜店配送蔬菜，持C1及以上驾驶证。", 6, (6000, 7500),
                 "潘家园地区", "早班 4:00–12:00", ("曹颖", "010-67710612")),
    _street_post("大屯", "qinghe", "数据录入员", "负责业务数据录入和核对，熟练使用办公软件。", 4, (4500, 5500),
                 "大屯北苑路", "白班 9:00–17:30", ("严华", "010-64970613")),
    _street_post("来广营", "wumei", "仓储叉车司机", "负责物流仓库叉车作业和货位整理，持特种设备作业证。", 6, (6500, 8000),
                 "来广营物流仓库", "两班倒", ("金鑫", "010-84950614")),
    _street_post("崔各庄", "shenghua", "粮油仓库装卸工", "负责粮油产品装卸、码放和出入库清点，提供住宿。", 10, (5000, 6500),
                 "崔各庄粮油仓库", "白班，旺季加班另计", ("魏然", "010-84390615")),
]


def _password() -> str:
    return demo_password_hash("jiexiang", "qiye")


def _recruiter(organisation: Organisation, key: str, password: str) -> User:
    found = User.objects.filter(organisation=organisation, role=Role.ENTERPRISE).order_by("id").first()
    if found is not None:
        return found
    username, name = RECRUITERS[key]
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"first_name": name, "role": Role.ENTERPRISE, "organisation": organisation, "password": password},
    )
    return user


def _street_user(street: Street, password: str) -> User:
    username, name = STREET_STAFF[street.name]
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "role": Role.STREET, "street": street, "password": password}
    )
    return user


def load(stdout: TextIO) -> None:
    by_key = {spec.key: spec for spec in ORGANISATIONS}
    organisations = {
        key: org for key, spec in by_key.items() if (org := Organisation.objects.filter(uscc=spec.uscc).first()) is not None
    }
    if "wumei" not in organisations:
        stdout.write("就业超市演示数据未载入：缺少演示单位（请先载入服务大厅演示数据）\n")
        return
    streets = {s.name: s for s in Street.objects.all()}
    password = _password()
    created: list[str] = []
    with transaction.atomic(), service_date(POSTED_ON):
        for key, posts in KEY_POSTS.items():
            organisation = organisations[key]
            recruiter = _recruiter(organisation, key, password)
            for values in posts:
                if JobPost.objects.filter(organisation=organisation, title=values["title"]).exists():
                    continue
                post = post_create(
                    actor=recruiter, organisation=organisation, values={**values, "street": streets[values["street"]]}
                )
                created.append(f"{organisation.name} · {post.title}（{post.get_status_display()}）")
        for street_name, key, values in STREET_POSTS:
            firm = organisations.get(key)
            if firm is None or JobPost.objects.filter(organisation=firm, title=values["title"]).exists():
                continue
            staff = _street_user(streets[street_name], password)
            post = post_create(
                actor=staff, organisation=firm, values={**values, "street": streets[values["street"]]},
                on_behalf_street=staff.street,
            )
            created.append(f"{street_name}代发：{firm.name} · {post.title}（{post.get_status_display()}）")
    stdout.write(f"就业超市：新建 {len(created)} 个岗位\n")
    for line in created:
        stdout.write(f"  {line}\n")
