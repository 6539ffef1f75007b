"""Demo data for the deferral app (附件5): the industry authority ``hangye`` and one pending I3
application by 北京东方汇通物流集团有限公司 (交通运输), as if filed on 2020-03-02.

The demo date (2020-06-01) is after the I3 window, so the application is written with the ORM —
not through ``deferral_file``, whose window check stays as it is — with a status-change row dated
the filing day. Idempotent: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from wengang.accounts.models import Role, User
from wengang.cases.outbox import deliver
from wengang.cases.workflow import record_event
from wengang.deferral.models import DeferralApplication, Industry, IndustryAuthority, Status
from wengang.deferral.workflow import DEFERRALS
from wengang.registry.models import Organisation

from .data import ORGANISATIONS, USERS

AUTHORITY_USER = "hangye"
AUTHORITY_NAME = "北京市商务局、交通委员会（演示）"
AUTHORITY_INDUSTRIES = (Industry.COMMERCE, Industry.CATERING, Industry.ACCOMMODATION, Industry.TRANSPORT)
APPLICANT_FIRM = "huitong"
FILED_ON = dt.date(2020, 3, 2)


def load(stdout: TextIO) -> None:
    """Create the authority and the pending application when missing."""
    with transaction.atomic():
        authority_user = User.objects.filter(username=AUTHORITY_USER, role=Role.INDUSTRY).first()
        if authority_user is None:
            stdout.write(f"延长缴费演示数据：缺少演示用户 {AUTHORITY_USER}，请先加载基础演示数据\n")
            return
        _, made = IndustryAuthority.objects.get_or_create(
            user=authority_user,
            defaults={"name": AUTHORITY_NAME, "industries": ",".join(AUTHORITY_INDUSTRIES)},
        )
        if made:
            stdout.write(f"延长缴费：{AUTHORITY_USER} 确认 {'、'.join(str(i.label) for i in AUTHORITY_INDUSTRIES)}\n")

        firm = next(o for o in ORGANISATIONS if o.key == APPLICANT_FIRM)
        organisation = Organisation.objects.filter(uscc=firm.uscc).first()
        contact = next(u for u in USERS if u.organisation == APPLICANT_FIRM)
        applicant = User.objects.filter(username=contact.username).first()
        if organisation is None or applicant is None:
            stdout.write(f"延长缴费演示数据：缺少演示单位 {firm.name} 或其用户，未创建申请\n")
            return
        if DeferralApplication.objects.filter(organisation=organisation).exists():
            return
        application = DeferralApplication.objects.create(
            organisation=organisation,
            applicant=applicant,
            industry=Industry.TRANSPORT,
            status=Status.SUBMITTED,
            filed_on=FILED_ON,
        )
        filed_at = timezone.make_aware(dt.datetime.combine(FILED_ON, dt.time(10, 0)))
        change = record_event(
            DEFERRALS, application, actor=applicant, to=Status.SUBMITTED, label="提交申请", at=filed_at, on=FILED_ON
        )
        deliver(change.pk)
        stdout.write(
            f"延长缴费：{organisation.name} 的申请 {application.reference} 待确认（{FILED_ON.isoformat()} 提交）\n"
        )
