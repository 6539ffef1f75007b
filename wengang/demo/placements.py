"""Demo data for placements (OP4) and internship bases (N9, S3).

The agency ``jigou`` (北京朝阳人力资源服务) has placed 52 workers at 物美、京客隆 and 便利蜂, all confirmed
by the enterprises, so the engine counts 52 — just past the first tier (50 → 24,000.00 元; 48 more
for the second) — plus two placements awaiting confirmation and one the enterprise disputes. The
three key enterprises get the 急聘 posts OP4.1(1) requires (made here with the ORM, keyed on
title + organisation, when the job-market demo has not made them). 附件2: 15 firms publish 37
internship posts — 16 firms apply to be 就业见习基地: 15 approved (the demo users qiye and qiye2,
and 13 synthetic firms registered here with their own enterprise user), with 37 internship posts
among them, and qiye3's application pending. qiye2's firm (启程数据) reuses the job market
demo's 软件测试工程师（见习） post when it exists, so the count is the same in either order.

Everything is made through the services, with the clock set to each step's date. Idempotent: a
placement is made only when the agency has none for that worker at that enterprise; a base only
when the firm has none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User
from wengang.jobs.models import JobPost, PostStatus
from wengang.placements.models import BaseStatus, InternshipBase, Placement
from wengang.placements.services import agency_tally, base_apply, base_decide, placement_declare, placement_move
from wengang.registry.models import Organisation, Street

from .accounts import demo_firm_user, demo_password_hash, demo_reviewer
from .data import demo_id_number, demo_uscc, with_uscc_check
from .load import demo_pdf, service_date

AGENCY_USER = "jigou"
REVIEWER = "gongfu"
#: key enterprise (demo serial), the contact's username, the urgent post, placements confirmed
KEY_FIRMS = (
    (1, "qiye-wumei", "张伟", "物流中心分拣员（急聘）", 24),
    (2, "qiye-jingkelong", "李娜", "门店理货员（急聘）", 14),
    (3, "qiye-bianlifeng", "王静", "门店店员（急聘）", 14),
)
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
#: firms that apply to be internship bases (demo user, approved?, internship posts)
BASES = (
    ("qiye", True, ("行政助理（见习）", "数据分析助理（见习）", "新媒体运营（见习）")),
    ("qiye2", True, ("财务助理（见习）", "软件测试工程师（见习）")),
    ("qiye3", False, ()),
)
SYNTHETIC_PREFIX = "91110105MA01JX"
#: synthetic firms that become approved internship bases: (serial, name, street, user, contact, posts)
BASE_FIRMS: tuple[tuple[int, str, str, str, str, tuple[str, ...]], ...] = (
    (1, "北京朝阳数智科技有限公司", "望京", "jianxi01", "周敏", ("软件开发助理（见习）", "产品运营助理（见习）", "UI设计助理（见习）")),
    (2, "北京国贸会展服务有限公司", "建外", "jianxi02", "吴迪", ("会展策划助理（见习）", "客户服务专员（见习）", "行政文员（见习）")),
    (3, "北京东湖文化传媒有限公司", "东湖", "jianxi03", "郑爽", ("新媒体编辑（见习）", "视频剪辑助理（见习）", "市场推广助理（见习）")),
    (4, "北京亚运村健康管理有限公司", "亚运村", "jianxi04", "王琳", ("健康管理助理（见习）", "客服专员（见习）", "数据录入员（见习）")),
    (5, "北京朝外财务咨询有限公司", "朝外", "jianxi05", "冯雪", ("会计助理（见习）", "税务助理（见习）", "审计助理（见习）")),
    (6, "北京酒仙桥电子技术有限公司", "酒仙桥", "jianxi06", "陈晨", ("硬件测试助理（见习）", "技术文档助理（见习）", "采购助理（见习）")),
    (7, "北京三里屯餐饮管理有限公司", "三里屯", "jianxi07", "褚亮", ("门店管理助理（见习）", "食品安全助理（见习）")),
    (8, "北京和平街教育咨询有限公司", "和平街", "jianxi08", "卫娟", ("课程顾问助理（见习）", "教务助理（见习）")),
    (9, "北京团结湖建筑设计有限公司", "团结湖", "jianxi09", "蒋涛", ("建筑设计助理（见习）", "造价助理（见习）")),
    (10, "北京大屯物流信息有限公司", "大屯", "jianxi10", "沈洋", ("物流调度助理（见习）", "仓储管理助理（见习）")),
    (11, "北京双井人力资源管理有限公司", "双井", "jianxi11", "韩梅", ("招聘助理（见习）", "薪酬福利助理（见习）")),
    (12, "北京安贞医疗器械有限公司", "安贞", "jianxi12", "杨柳", ("质量检验助理（见习）", "注册申报助理（见习）")),
    (13, "北京小关法律咨询有限公司", "小关", "jianxi13", "朱红", ("法务助理（见习）", "档案管理助理（见习）")),
)


def _password() -> str:
    return demo_password_hash()


def _reviewer() -> User:
    return demo_reviewer(REVIEWER, "孟凡", "public-service")


def _contact(organisation: Organisation, username: str, name: str) -> User:
    return demo_firm_user(organisation, username, name, _password())


def _post(
    organisation: Organisation, contact: User, title: str, *, urgent: bool, internship: bool, published: dt.date
) -> JobPost:
    assert organisation.street is not None
    post, _ = JobPost.objects.get_or_create(
        organisation=organisation,
        title=title,
        defaults={
            "posted_by": contact,
            "description": "疫情防控期间保障供应，招聘一线岗位，岗前培训，包食宿。"
            if urgent
            else "面向高校毕业生的就业见习岗位，有带教老师。",
            "openings": 20 if urgent else 3,
            "pay_min": Decimal("5500.00") if urgent else Decimal("3000.00"),
            "pay_max": Decimal("7000.00") if urgent else Decimal("4000.00"),
            "workplace": f"朝阳区{organisation.street.name}",
            "street": organisation.street,
            "schedule": "做六休一，两班倒" if urgent else "周一至周五 9:00–17:30",
            "contact_name": contact.display_name,
            "contact_phone": "010-6500" + f"{organisation.pk:04d}"[-4:],
            "deadline": published + dt.timedelta(days=60),
            "urgent": urgent,
            "internship": internship,
            "status": PostStatus.PUBLISHED,
            "published_at": timezone.make_aware(dt.datetime.combine(published, dt.time(9, 0))),
        },
    )
    return post


def _worker(seq: int) -> tuple[str, str]:
    name = SURNAMES[seq % len(SURNAMES)] + GIVEN[(seq * 7) % len(GIVEN)] + ("" if seq % 3 else GIVEN[seq % len(GIVEN)])
    birth = dt.date(1975 + seq % 25, 1 + seq % 12, 1 + seq % 28)
    return name, demo_id_number(birth, 600 + seq)


def _declare(agency_user: User, post: JobPost, seq: int, day: dt.date) -> Placement | None:
    name, number = _worker(seq)
    if Placement.objects.filter(
        agency=agency_user.organisation, enterprise=post.organisation, worker_id_number=number
    ).exists():
        return None
    proof = SimpleUploadedFile(
        "proof.pdf",
        demo_pdf(["Labour agreement / pay proof", f"worker {seq}", f"start {day.isoformat()}"]),
        content_type="application/pdf",
    )
    with service_date(day):
        return placement_declare(
            user=agency_user, post=post, worker_name=name, worker_id_number=number, start_date=day, proof=proof
        )


def _placements(stdout: TextIO, agency_user: User) -> None:
    seq = 0
    for serial, username, contact_name, title, count in KEY_FIRMS:
        firm = Organisation.objects.filter(uscc=demo_uscc(serial)).first()
        if firm is None:
            stdout.write(f"推荐上岗演示数据：缺少重点企业（编号 {serial}），已跳过\n")
            continue
        contact = _contact(firm, username, contact_name)
        # the job-market demo's 急聘 post of the firm when it exists, else one of our own
        post = JobPost.objects.filter(organisation=firm, urgent=True, status=PostStatus.PUBLISHED).order_by(
            "id"
        ).first() or _post(firm, contact, title, urgent=True, internship=False, published=dt.date(2020, 2, 3))
        for _ in range(count):
            seq += 1
            day = dt.date(2020, 2, 10) + dt.timedelta(days=(seq * 3) % 70)
            placement = _declare(agency_user, post, seq, day)
            if placement is not None:
                with service_date(day + dt.timedelta(days=3)):
                    placement_move(placement=placement, to="confirmed", actor=contact)
        if serial == 1:  # one the enterprise disputes
            placement = _declare(agency_user, post, 90, dt.date(2020, 4, 20))
            if placement is not None:
                with service_date(dt.date(2020, 4, 24)):
                    placement_move(
                        placement=placement,
                        to="disputed",
                        actor=contact,
                        comment="经核对，该人员未在我单位考勤记录中，请核实",
                    )
        if serial == 3:  # two awaiting confirmation
            for extra in (91, 92):
                _declare(agency_user, post, extra, dt.date(2020, 5, 25))
    tally = agency_tally(agency_user.organisation_id)  # type: ignore[arg-type]
    stdout.write(
        f"推荐上岗：{agency_user.organisation} 计入 {tally.counted} 人，当前档次 {tally.result.amount:,.2f} 元"
        + (f"，再 {tally.needed} 人达到下一档\n" if tally.needed else "\n")
    )


def synthetic_uscc(serial: int) -> str:
    return with_uscc_check(f"{SYNTHETIC_PREFIX}{serial:03d}")


def _base_firms() -> list[tuple[str, bool, tuple[str, ...]]]:
    """The 13 synthetic base firms and their users (get_or_create), as ``BASES`` rows."""
    streets = {s.name: s for s in Street.objects.all()}
    rows = []
    for serial, name, street, username, contact, titles in BASE_FIRMS:
        firm, _ = Organisation.objects.get_or_create(
            uscc=synthetic_uscc(serial), defaults={"name": name, "street": streets[street], "facts": {"employees": "60"}}
        )
        User.objects.get_or_create(
            username=username,
            defaults={"first_name": contact, "role": Role.ENTERPRISE, "organisation": firm, "password": _password()},
        )
        rows.append((username, True, titles))
    return rows


def _bases(stdout: TextIO) -> None:
    reviewer = _reviewer()
    for username, approve, titles in (*BASES, *_base_firms()):
        user = User.objects.filter(username=username).select_related("organisation").first()
        if user is None or user.organisation is None:
            continue
        if InternshipBase.objects.filter(organisation=user.organisation).exists():
            continue
        with service_date(dt.date(2020, 4, 15)):
            record = base_apply(
                user=user,
                posts_offered="\n".join(titles) or "办公室文员（见习）",
                capacity=max(2, len(titles) * 2),
                mentor_name=user.display_name,
                mentor_phone="010-65001234",
                address=f"朝阳区{user.organisation.street.name if user.organisation.street else ''}",
            )
        if approve:
            with service_date(dt.date(2020, 4, 22)):
                base_decide(internship_base=record, to=BaseStatus.APPROVED, actor=reviewer)
            for title in titles:
                _post(user.organisation, user, title, urgent=False, internship=True, published=dt.date(2020, 5, 6))
        stdout.write(f"见习基地：{user.organisation.name} {record.get_status_display()}\n")


def load(stdout: TextIO) -> None:
    agency_user = User.objects.filter(username=AGENCY_USER).select_related("organisation").first()
    if agency_user is None or agency_user.organisation is None:
        stdout.write("推荐上岗演示数据未载入：缺少演示账号 jigou（请先载入服务大厅演示数据）\n")
        return
    with transaction.atomic():
        _placements(stdout, agency_user)
        _bases(stdout)
