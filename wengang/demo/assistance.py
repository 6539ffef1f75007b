"""Demo data for 就业援助 (N13, N15) in 孙河 (street office ``jiexiang``).

* ``kunnan`` — 刘桂兰, 46, a long-unemployed woman of 孙河: certified as hard to employ on
  2020-05-11 and placed from 2020-05-18 in 孙河's post 社区公共服务协管员 (3 places, 2,200.00 元 a
  month), with May's attendance recorded;
* ``linghuo`` — 赵志强, 52, of the 大龄 category, certified, working flexibly: May's subsidy approved
  (1,135.50 元 paid → 757.00 元), June's awaiting the street office;
* 孙海燕, disabled, whose application waits for the street office's confirmation.

Made through the services with the clock set to each step's date. Idempotent: a person's records
are made only when the person has none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wengang.accounts.models import Role, User
from wengang.assistance import services
from wengang.assistance.models import Certification, HardshipCategory, WelfarePost
from wengang.registry.models import Street

from .accounts import demo_password_hash
from .data import demo_id_number
from .load import demo_pdf, service_date

STREET_USER = "jiexiang"
#: username, name, birth date, ID sequence (its last digit: odd for a man), category, wishes
PEOPLE = (
    ("kunnan", "刘桂兰", dt.date(1974, 3, 8), 24, "长期失业人员", "社区服务、保洁"),
    ("linghuo", "赵志强", dt.date(1968, 4, 12), 31, "大龄失业人员", "网约车司机、快递配送"),
    ("shenqing", "孙海燕", dt.date(1985, 11, 2), 42, "残疾人", "文员、电话客服"),
)
CERTIFIED_ON = dt.date(2020, 5, 11)
POST_TITLE = "社区公共服务协管员"


def _person(username: str, name: str, born: dt.date, seq: int, street: Street) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            password=demo_password_hash("geren"),
            role=Role.INDIVIDUAL,
            first_name=name,
            id_number=demo_id_number(born, seq),
            street=street,
            email=f"{username}@example.com",
        )
    return user


def _apply(person: User, street: Street, category: str, wishes: str, office: User, *, decide: bool) -> Certification:
    with service_date(CERTIFIED_ON - dt.timedelta(days=4)):
        cert = services.certification_create(
            person=person,
            street=street,
            category=HardshipCategory.objects.get(name=category),
            beijing_hukou=True,
            not_employed=True,
            wishes=wishes,
        )
        upload = SimpleUploadedFile(
            "evidence.pdf", demo_pdf(["Evidence for hard-to-employ certification", f"Applicant: {person.username}"])
        )
        services.evidence_attach(certification=cert, upload=upload, user=person)
        services.certification_submit(certification=cert, user=person)
    if decide:
        with service_date(CERTIFIED_ON):
            services.certification_decide(certification=cert, to="certified", user=office)
    return cert


def load(stdout: TextIO) -> None:
    office = User.objects.filter(username=STREET_USER, role=Role.STREET).select_related("street").first()
    if office is None or office.street is None:
        stdout.write(f"就业援助演示数据未载入：缺少街乡账号 {STREET_USER}（请先载入服务大厅演示数据）\n")
        return
    street = office.street
    with transaction.atomic():
        people = {u: _person(u, name, born, seq, street) for u, name, born, seq, _, _ in PEOPLE}
        for username, _, _, _, category, wishes in PEOPLE:
            if not Certification.objects.filter(person=people[username]).exists():
                _apply(people[username], street, category, wishes, office, decide=username != "shenqing")
        post = WelfarePost.objects.filter(street=street, title=POST_TITLE).first()
        if post is None:
            with service_date(dt.date(2020, 5, 12)):
                post = services.post_create(
                    user=office,
                    values={
                        "title": POST_TITLE,
                        "headcount": 3,
                        "terms": "孙河地区各社区的环境巡查、垃圾分类引导和疫情防控值守；每周一至周五 8:30–17:00；"
                        "按月发放工资并由街乡缴纳社会保险。",
                        "monthly_pay": Decimal("2200.00"),
                        "categories": list(HardshipCategory.objects.filter(name__in=["长期失业人员", "大龄失业人员"])),
                    },
                )
        kunnan = Certification.objects.get(person=people["kunnan"], status="certified")
        if not kunnan.placements.exists():
            with service_date(dt.date(2020, 5, 18)):
                placement = services.placement_create(
                    post=post, certification=kunnan, start=dt.date(2020, 5, 18), end=dt.date(2021, 5, 17), user=office
                )
            with service_date(dt.date(2020, 6, 1)):
                services.attendance_record(
                    placement=placement, month=dt.date(2020, 5, 1), days_due=10, days_worked=10, note="", user=office
                )
        linghuo = people["linghuo"]
        if not linghuo.flexible_claims.exists():
            with service_date(dt.date(2020, 6, 1)):
                may = services.claim_create(
                    person=linghuo, month=dt.date(2020, 5, 1), paid=Decimal("1135.50"), flexible_employed=True
                )
                services.claim_decide(claim=may, to="approved", user=office)
                services.claim_create(
                    person=linghuo, month=dt.date(2020, 6, 1), paid=Decimal("1135.50"), flexible_employed=True
                )
    stdout.write(
        f"就业援助：{street}的就业困难人员 3 名（kunnan 已安置到公益性岗位“{POST_TITLE}”，"
        "linghuo 按月申领灵活就业社会保险补贴，1 件认定申请待街乡账号 jiexiang 确认；/assistance/）\n"
    )
