"""Demo data for 创业担保贷款 (N16): the borrower ``daikuan`` with a loan of 北京农商银行朝阳支行
(``yinhang``) that may be extended, and two guarantee applications in the reviewers' queue — a
green-channel one filed later that still comes first. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from wengang.accounts.models import User
from wengang.loans.models import GuaranteeApplication, Loan
from wengang.loans.services import guarantee_apply

from .accounts import demo_individual
from .data import demo_id_number
from .load import service_date

BORROWER = "daikuan"
CONTRACT = "CY2019-朝阳-0001"


def load(stdout: TextIO) -> None:
    bank = User.objects.filter(username="yinhang").select_related("organisation").first()
    firm_user = User.objects.filter(username="qiye2").select_related("organisation").first()
    if bank is None or bank.organisation is None:
        stdout.write("创业担保贷款演示数据未载入：缺少演示账号 yinhang\n")
        return
    with transaction.atomic():
        borrower, _ = demo_individual(BORROWER, "赵创业", demo_id_number(dt.date(1988, 9, 9), 531))
        if Loan.objects.filter(contract_number=CONTRACT).exists():
            return
        Loan.objects.create(
            borrower=borrower, bank=bank.organisation, contract_number=CONTRACT, principal=Decimal("200000.00"),
            annual_rate=Decimal("0.04350"), subsidy_share=Decimal("1.000"), start_on=dt.date(2019, 7, 1), term_months=12,
        )
        if firm_user is not None and not GuaranteeApplication.objects.filter(applicant=firm_user).exists():
            with service_date(dt.date(2020, 5, 20)):
                guarantee_apply(
                    applicant=firm_user, bank=bank.organisation, amount=Decimal("800000.00"), term_months=24,
                    purpose="扩大门店经营", lost_income=False,
                )
        with service_date(dt.date(2020, 5, 28)):
            guarantee_apply(
                applicant=borrower, bank=bank.organisation, amount=Decimal("150000.00"), term_months=36,
                purpose="社区早餐店（疫情期间暂时失去收入来源）", lost_income=True,
            )
    stdout.write(f"创业担保贷款：{BORROWER} 的贷款 {CONTRACT}（可申请展期），两件担保申请（绿色通道在前）\n")
