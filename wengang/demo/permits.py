"""Demo data for permits (附件3): one granted and published labour-dispatch permit (so the public
双公示 page is not empty) and one special-working-hours case awaiting its paper set.

Made through the permit services and the transition service, with the clock set to each step's
date, so both cases have their audit trail and notifications. The 劳动关系科 reviewer is the
layoff demo's ``laodong`` (created here the same way when that loader has not run). Idempotent:
a case is created only when its organisation has none of that type.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from wengang.accounts.models import User
from wengang.permits.models import OrganisationEmail, PermitCase, PermitType
from wengang.permits.services import permit_act, permit_paper_check, permit_submit

from .accounts import demo_reviewer
from .load import demo_pdf, service_date

REVIEWER = "laodong"
PUBLISHED_USER = "qiye"  # 北京智途 (zhitu): new labour-dispatch permit, granted and published
WAITING_USER = "qiye2"  # 北京启程 (qicheng): 综合计算工时工作制, electronic materials approved
PERMIT_NUMBER = "京朝人社派许字〔2020〕第0086号"


def _reviewer() -> User:
    return demo_reviewer(REVIEWER, "刘洋", "labour-relations")


def _submit(user: User, permit_type: PermitType, day: dt.date) -> PermitCase | None:
    assert user.organisation is not None
    if PermitCase.objects.filter(organisation=user.organisation, permit_type=permit_type).exists():
        return None
    with service_date(day):
        data = demo_pdf([f"{permit_type.code} application", "demo material, sealed on every page"])
        return permit_submit(user=user, permit_type=permit_type, data=data, original_name="许可申请材料.pdf")


def load(stdout: TextIO) -> None:
    published_user = User.objects.filter(username=PUBLISHED_USER).select_related("organisation").first()
    waiting_user = User.objects.filter(username=WAITING_USER).select_related("organisation").first()
    if (
        published_user is None
        or waiting_user is None
        or not published_user.organisation
        or not waiting_user.organisation
    ):
        stdout.write("许可演示数据未载入：缺少演示账号 qiye / qiye2（请先载入服务大厅演示数据）\n")
        return
    with transaction.atomic():
        officer = _reviewer()
        if published_user.email:
            OrganisationEmail.objects.get_or_create(
                email=published_user.email.lower(), defaults={"organisation": published_user.organisation}
            )

        case = _submit(published_user, PermitType.objects.get(code="dispatch-new"), dt.date(2020, 4, 20))
        if case is not None:
            with service_date(dt.date(2020, 4, 22)):
                permit_act(case=case, action="e_approve", actor=officer)
            with service_date(dt.date(2020, 4, 27)):
                permit_paper_check(case=case, actor=officer, checks=dict.fromkeys(PermitCase.PAPER_FIELDS, True))
                permit_act(
                    case=case,
                    action="schedule",
                    actor=officer,
                    data={"onsite_date": dt.date(2020, 5, 6), "onsite_inspectors": "刘洋、陈晨"},
                )
            with service_date(dt.date(2020, 5, 6)):
                permit_act(
                    case=case,
                    action="onsite",
                    actor=officer,
                    data={"onsite_result": "经营场所、办公设施与申请材料一致", "onsite_passed": True},
                )
            with service_date(dt.date(2020, 5, 12)):
                permit_act(
                    case=case,
                    action="approve",
                    actor=officer,
                    data={
                        "permit_number": PERMIT_NUMBER,
                        "valid_from": dt.date(2020, 5, 12),
                        "valid_to": dt.date(2023, 5, 11),
                    },
                )
                permit_act(case=case, action="publish", actor=officer)
            stdout.write(f"许可：{case.organisation.name} {case.permit_type.name} 已准予并公示（{PERMIT_NUMBER}）\n")

        case = _submit(waiting_user, PermitType.objects.get(code="hours-comprehensive"), dt.date(2020, 5, 25))
        if case is not None:
            with service_date(dt.date(2020, 5, 27)):
                permit_act(case=case, action="e_approve", actor=officer)
            stdout.write(f"许可：{case.organisation.name} {case.permit_type.name} 电子材料审核合格，待报送纸质材料\n")
