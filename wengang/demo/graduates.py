"""Demo data for 毕业生不见面签约 (N9): the graduate ``biyesheng`` of 北京京华大学 with an offer from
北京智图云联科技有限公司 (``qiye``) waiting for them; ``gaoxiao`` confirms after they accept.
Idempotent: a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from wengang.accounts.models import User
from wengang.graduates.models import Agreement
from wengang.graduates.services import agreement_offer

from .accounts import demo_individual
from .data import demo_id_number
from .load import service_date

GRADUATE = "biyesheng"
GRADUATE_NAME = "林晓"
GRADUATE_ID = demo_id_number(dt.date(1998, 3, 1), 521)
OFFERED_ON = dt.date(2020, 5, 25)


def load(stdout: TextIO) -> None:
    employer = User.objects.filter(username="qiye").select_related("organisation").first()
    school = User.objects.filter(username="gaoxiao").select_related("organisation").first()
    if employer is None or school is None or employer.organisation is None or school.organisation is None:
        stdout.write("毕业生签约演示数据未载入：缺少演示账号 qiye 或 gaoxiao\n")
        return
    with transaction.atomic():
        graduate, made = demo_individual(GRADUATE, GRADUATE_NAME, GRADUATE_ID)
        if Agreement.objects.filter(graduate=graduate).exists():
            return
        with service_date(OFFERED_ON):
            agreement_offer(
                employer=employer.organisation, offered_by=employer, graduate_name=GRADUATE_NAME, id_number=GRADUATE_ID,
                school=school.organisation, major="计算机科学与技术", graduation_year=2020, position="软件开发工程师",
                workplace="北京市朝阳区望京", monthly_salary=Decimal("9500.00"), report_on=dt.date(2020, 7, 15),
            )
    stdout.write(f"毕业生签约：{GRADUATE}（{GRADUATE_NAME}）有一份待确认的录用{'（新建账号）' if made else ''}\n")
