"""Demo data for the key-enterprise service (附件2, S1/S4).

The attachment's 23 key enterprises all have a need in the ledger: the six it names (the service
hall demo's organisations) and 17 synthetic 保障群众生活 / 城市运行 firms registered here as registry
organisations (valid credit codes, ``key_category`` set). The four large needs are 物美's logistics
centre in 孙河 (the firm said 400–500 people; recorded as 450 with a note), 京客隆 100, 便利蜂 680
and 永辉 200; the other 19 are small, 1,472 positions in all (“1400 个左右”). 物美's need has been pushed to the two demo HR agencies and the streets near 孙河; 便利蜂 has
the attachment's two calls of 2020-02-11 in its contact log, the brochure still awaited and a
follow-up on 2020-02-13 for the 公共服务中心's reviewer ``gonggong`` (created here when missing).
Made through the services; idempotent: a need is created only when its enterprise has none with
that post, a synthetic firm only when no organisation has its credit code (get_or_create), and the
contact log only when the enterprise has none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from wengang.accounts.models import User
from wengang.keyservice.models import Channel, ContactEntry, Need
from wengang.keyservice.neighbours import suggested_streets
from wengang.keyservice.services import contact_record, need_create, need_publish
from wengang.policy.fields import uscc_check_char
from wengang.registry.models import Organisation, Street

from .accounts import demo_reviewer
from .data import ORGANISATIONS
from .load import service_date

STAFF = "gonggong"
RECORDED_ON = dt.date(2020, 2, 10)

#: (organisation key, post, count, street, workplace, pay range, deadline, note)
NEEDS: tuple[tuple[str, str, int, str, str, tuple[str, str], dt.date, str], ...] = (
    (
        "wumei",
        "物流配送中心分拣员、理货员、配送司机",
        450,
        "孙河",
        "物美集团物流配送中心",
        ("5000.00", "7000.00"),
        dt.date(2020, 3, 15),
        "企业报用工需求 400–500 人，按 450 人登记；区内推送给人力资源服务机构及孙河、首都机场、崔各庄、来广营、金盏。",
    ),
    ("jingkelong", "门店理货员、收银员", 100, "安贞", "各门店", ("4200.00", "5500.00"), dt.date(2020, 3, 15), ""),
    (
        "bianlifeng",
        "便利店店员",
        680,
        "望京",
        "朝阳区各门店",
        ("4500.00", "6000.00"),
        dt.date(2020, 3, 31),
        "需求数待各门店汇总后确认。",
    ),
    ("yonghui", "门店理货员、生鲜加工员", 200, "常营", "各门店", ("4300.00", "5800.00"), dt.date(2020, 3, 15), ""),
    ("dayanglu", "农副产品市场装卸工", 6, "十八里店", "大洋路农副产品市场", ("5000.00", "6500.00"), dt.date(2020, 3, 31), ""),
    ("shenghua", "粮油仓库保管员", 4, "南磨房", "盛华宏林粮油批发市场", ("4800.00", "6000.00"), dt.date(2020, 3, 31), ""),
)
SYNTHETIC_PREFIX = "91110105MA01KF"
N, C = Organisation.KeyCategory.NECESSITIES, Organisation.KeyCategory.CITY
#: 17 synthetic key enterprises: (serial, name, street, key category, post, count, pay range)
SYNTHETIC: tuple[tuple[int, str, str, str, str, int, tuple[str, str]], ...] = (
    (1, "北京朝阳新发地蔬菜配送有限公司", "东坝", N, "蔬菜分拣配送员", 3, ("4800.00", "6000.00")),
    (2, "北京东郊农副产品批发市场有限公司", "豆各庄", N, "市场理货员", 3, ("4500.00", "5500.00")),
    (3, "北京朝批商贸股份有限公司", "呼家楼", N, "配送中心拣货员", 3, ("4800.00", "6000.00")),
    (4, "北京华冠商贸有限公司", "三间房", N, "超市收银员", 2, ("4200.00", "5000.00")),
    (5, "北京首航超市有限公司", "劲松", N, "生鲜理货员", 2, ("4300.00", "5200.00")),
    (6, "北京朝阳鲜奶配送有限公司", "高碑店", N, "鲜奶配送员", 2, ("5000.00", "6500.00")),
    (7, "北京金盏禽蛋供应有限公司", "金盏", N, "禽蛋分装工", 2, ("4500.00", "5500.00")),
    (8, "北京望京社区菜站连锁有限公司", "望京", N, "社区菜站店员", 2, ("4200.00", "5000.00")),
    (9, "北京朝阳团餐服务有限公司", "管庄", N, "中央厨房配餐员", 2, ("4300.00", "5200.00")),
    (10, "北京朝阳环境卫生服务有限公司", "小红门", C, "道路保洁员", 2, ("4000.00", "4800.00")),
    (11, "北京朝阳垃圾清运有限公司", "王四营", C, "垃圾清运司机", 2, ("5500.00", "7000.00")),
    (12, "北京朝阳供热运行服务有限公司", "平房", C, "管网巡检员", 1, ("5000.00", "6500.00")),
    (13, "北京朝阳公交客运服务有限公司", "东风", C, "公交车站调度员", 1, ("4800.00", "6000.00")),
    (14, "北京朝阳物业管理服务有限公司", "团结湖", C, "小区消杀保洁员", 1, ("4000.00", "4800.00")),
    (15, "北京东坝燃气运行维护有限公司", "将台", C, "燃气入户安检员", 1, ("5000.00", "6500.00")),
    (16, "北京朝阳排水设施养护有限公司", "太阳宫", C, "排水管道养护工", 1, ("5000.00", "6200.00")),
    (17, "北京朝阳城市照明维护有限公司", "香河园", C, "路灯维修电工", 2, ("5500.00", "7000.00")),
)


def synthetic_uscc(serial: int) -> str:
    first17 = f"{SYNTHETIC_PREFIX}{serial:03d}"
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def _synthetic_firms(streets: dict[str, Street]) -> list[tuple[Organisation, str, int, Street, tuple[str, str]]]:
    """The 17 synthetic key enterprises (get_or_create on the credit code) with their small needs."""
    rows = []
    for serial, name, street, category, post, count, pay in SYNTHETIC:
        organisation, _ = Organisation.objects.get_or_create(
            uscc=synthetic_uscc(serial),
            defaults={"name": name, "street": streets[street], "key_category": category, "facts": {"employees": "120"}},
        )
        rows.append((organisation, post, count, streets[street], pay))
    return rows


def _staff() -> User:
    return demo_reviewer(STAFF, "孙丽", "public-service")


#: 附件2: the calls to 便利蜂 on 2020-02-11: time, what was agreed, the next step, when to follow up
BIANLIFENG_CALLS = (
    (
        dt.time(9, 30),
        "姜经理在家办公，手头没有企业宣传册；答应请同事与我们联系。",
        "等待便利蜂同事来电并提供宣传册",
        dt.date(2020, 2, 11),
    ),
    (
        dt.time(16, 0),
        "下午 4 点仍未接到来电，再次致电；姜经理称各门店正在汇总用工需求。",
        "催要宣传册和各门店汇总的用工需求",
        dt.date(2020, 2, 13),
    ),
)


def bianlifeng_calls(organisation: Organisation, staff: User) -> list[ContactEntry]:
    """附件2: two calls to 便利蜂 on 2020-02-11; the brochure still awaited (the contact-log tests'
    log too)."""
    day = dt.date(2020, 2, 11)
    with service_date(day):
        return [
            contact_record(
                organisation=organisation,
                actor=staff,
                on=day,
                at_time=at,
                channel=Channel.PHONE,
                contact_person="姜经理",
                agreed=agreed,
                next_step=next_step,
                follow_up_on=follow_up_on,
                responsible=staff,
            )
            for at, agreed, next_step, follow_up_on in BIANLIFENG_CALLS
        ]


def load(stdout: TextIO) -> None:
    by_key = {o.key: o for o in ORGANISATIONS}
    organisations = {
        key: Organisation.objects.filter(uscc=by_key[key].uscc).first()
        for key in ("wumei", "jingkelong", "bianlifeng", "yonghui", "dayanglu", "shenghua")
    }
    if any(o is None for o in organisations.values()):
        stdout.write("重点企业用工服务演示数据未载入：缺少演示重点企业（请先载入服务大厅演示数据）\n")
        return
    with transaction.atomic():
        staff = _staff()
        streets = {s.name: s for s in Street.objects.all()}
        # (firm, post, count, deadline, street, workplace, pay range, note): 附件2's named needs after
        # the synthetic firms' ones, made by one loop
        needs = [
            (firm, post, count, dt.date(2020, 3, 31), street_row, f"朝阳区{street_row.name}", pay, "")
            for firm, post, count, street_row, pay in _synthetic_firms(streets)
        ] + [
            (organisations[key], post, count, deadline, streets[street], workplace, pay, note)
            for key, post, count, street, workplace, pay, deadline, note in NEEDS
        ]
        created: list[Need] = []
        for firm, post, count, deadline, street_row, workplace, (low, high), note in needs:
            assert firm is not None
            if Need.objects.filter(organisation=firm, post=post).exists():
                continue
            with service_date(RECORDED_ON):
                created.append(
                    need_create(
                        organisation=firm,
                        actor=staff,
                        post=post,
                        count=count,
                        deadline=deadline,
                        street=street_row,
                        workplace=workplace,
                        pay_min=Decimal(low),
                        pay_max=Decimal(high),
                        note=note,
                    )
                )
        for need in created:
            if need.organisation_id == organisations["wumei"].pk:  # type: ignore[union-attr]
                agencies = Organisation.objects.filter(
                    kind=Organisation.Kind.AGENCY, uscc__in=[o.uscc for o in ORGANISATIONS]
                )
                need_publish(need=need, actor=staff, agencies=list(agencies), streets=suggested_streets(need.street))
        bianlifeng = organisations["bianlifeng"]
        assert bianlifeng is not None
        logged = not ContactEntry.objects.filter(organisation=bianlifeng).exists()
        if logged:
            bianlifeng_calls(bianlifeng, staff)
    for need in created:
        stdout.write(f"重点企业用工需求：{need.organisation.name} {need.post} {need.count} 人\n")
    if created:
        stdout.write(
            "  （附件2 共 23 家重点企业、约 1,400 个岗位：物美 450、京客隆 100、便利蜂 680、永辉 200，其余 19 家需求较少；"
            "物美需求已推送人力资源服务机构及孙河周边街乡）\n"
        )
    if logged:
        stdout.write(f"联系记录：便利蜂 2020-02-11 两次电话（宣传册待提供），2020-02-13 跟进，责任人 {STAFF}\n")
