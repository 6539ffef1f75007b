"""Demo data for the individuals' services (N8), made through the services and workflows:

* ``geren`` (刘洋, 孙河): unemployment registered on 2020-05-08 (separation proof attached), confirmed
  by 孙河's office (``jiexiang``) on 2020-05-11; a 失业保险金 claim filed on the demo day, waiting for
  the office's review;
* ``geren2`` (黄小雨, 孙河): signed up and registered on the demo day, separation proof not yet
  supplied (容缺), waiting for confirmation;
* ``geren3`` (王建国, 孙河): claim approved on 2020-04-20 (24 months), April and May paid.

Idempotent: a person with a registration is left as is.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from wengang.accounts.models import Role, User
from wengang.individuals import services
from wengang.individuals.models import ClaimStatus, RegistrationStatus, UnemploymentRegistration
from wengang.individuals.workflow import claim_transition, registration_transition
from wengang.registry.models import Street

from .accounts import demo_password_hash
from .data import demo_id_number
from .load import service_date

OFFICE = "jiexiang"
STREET = "孙河"
#: username → (name, ID number, phone, e-mail)
PEOPLE = {
    "geren2": ("黄小雨", demo_id_number(dt.date(1996, 8, 2), 211), "13900000102", "geren2@example.com"),
    "geren3": ("王建国", demo_id_number(dt.date(1975, 11, 20), 315), "13900000103", "geren3@example.com"),
}


def _proof() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "解除劳动合同证明"})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("解除劳动合同证明.pdf", out.getvalue(), content_type="application/pdf")


def _person(username: str, street: Street) -> User:
    name, id_number, phone, email = PEOPLE[username]
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": name,
            "role": Role.INDIVIDUAL,
            "id_number": id_number,
            "phone": phone,
            "email": email,
            "street": street,
            "password": demo_password_hash("geren", "jiexiang"),
        },
    )
    return user


def _register(person: User, on: dt.date, employer: str, reason: str, wishes: str) -> UnemploymentRegistration:
    with service_date(on):
        return services.registration_file(
            person=person,
            last_employer=employer,
            separation_date=on - dt.timedelta(days=10),
            separation_reason=reason,
            job_wishes=wishes,
        )


def load(stdout: TextIO) -> None:
    office = User.objects.filter(username=OFFICE, role=Role.STREET).first()
    geren = User.objects.filter(username="geren", role=Role.INDIVIDUAL).first()
    street = Street.objects.filter(name=STREET).first()
    if office is None or geren is None or street is None:
        stdout.write("个人服务演示数据：缺少演示用户 geren 或 jiexiang，请先加载基础演示数据\n")
        return
    made: list[str] = []
    with transaction.atomic():
        if geren.street_id is None:
            geren.street = street
            geren.save(update_fields=["street"])
        if not UnemploymentRegistration.objects.filter(person=geren).exists():
            reg = _register(geren, dt.date(2020, 5, 8), "北京朝阳华联商厦有限公司", "contract_ended", "拣货员")
            services.material_attach(registration=reg, upload=_proof(), user=geren)
            with service_date(dt.date(2020, 5, 11)):
                registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
            with service_date(dt.date(2020, 6, 1)):
                services.claim_file(person=geren, contribution_years=Decimal("4.5"))
            made.append("geren 失业登记（已确认）和失业保险金申领（待审核）")
        newcomer = _person("geren2", street)
        if not UnemploymentRegistration.objects.filter(person=newcomer).exists():
            _register(newcomer, dt.date(2020, 6, 1), "北京某餐饮管理有限公司", "dismissed", "服务员 收银员")
            made.append("geren2 新注册，失业登记待确认（证明材料容缺）")
        paid = _person("geren3", street)
        if not UnemploymentRegistration.objects.filter(person=paid).exists():
            reg = _register(paid, dt.date(2020, 3, 16), "北京恒信机械制造有限公司", "employer_closed", "机修 仓储")
            with service_date(dt.date(2020, 3, 18)):
                registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
            with service_date(dt.date(2020, 3, 20)):
                claim = services.claim_file(person=paid, contribution_years=Decimal("12"))
            with service_date(dt.date(2020, 3, 25)):
                claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
            for day in (dt.date(2020, 4, 10), dt.date(2020, 5, 11)):
                with service_date(day):
                    services.payment_pay(claim=claim, actor=office)
            made.append("geren3 失业保险金已核准，按月发放（4月、5月已发放）")
    for line in made:
        stdout.write(f"个人服务演示数据：{line}\n")
