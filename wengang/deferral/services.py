"""Writes of the deferral app. Filing an I3 application; decisions go through
:func:`wengang.deferral.workflow.deferral_transition`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from wengang.accounts.models import User
from wengang.cases.workflow import record_event
from wengang.clock import today
from wengang.policy.params import ParameterError
from wengang.registry.models import Organisation

from .models import OPEN_STATUSES, DeferralApplication, Industry, Status
from .selectors import deferral_status
from .workflow import DEFERRALS, DeferralError


def deferral_file(*, organisation: Organisation, applicant: User, industry: str) -> DeferralApplication:
    """File an I3 application for ``organisation``, claiming ``industry``.

    Refused (``DeferralError``, nothing written) outside the I3 window, when the registry does
    not show the unit as normally paying (the engine's I2 condition), when the unit is already
    confirmed, or while another application of the unit is pending or confirmed.
    """
    if industry not in Industry.values:
        raise DeferralError("请选择十个行业之一")
    on = today()
    try:
        status = deferral_status(organisation, on)
    except ParameterError as err:
        raise DeferralError(f"今天（{on.isoformat()}）没有可用的政策参数，不能申请（{err}）") from err
    start, end = status.window
    if not status.window_open:
        when = "尚未开始" if on < start else "已经结束"
        raise DeferralError(
            f"延长缴费至7月底的申请期为 {start.isoformat()} 至 {end.isoformat()}，"
            f"今天（{on.isoformat()}）申请期{when}，不能申请"
        )
    paying = status.condition("I2", "i2.normally_paying")
    if paying.status == "unmet":
        raise DeferralError(f"不能申请：{paying.text}（{paying.clause}）。{paying.fix}")
    if paying.status == "unknown":
        raise DeferralError(
            f"不能申请：登记数据无法确认本单位正常参保缴费（{paying.text}）。请联系区人力资源和社会保障局核实登记数据"
        )
    if status.condition("I3", "i3.industry_confirmed").status == "met":
        raise DeferralError(
            f"本单位已经市级行业主管部门确认属于十个行业，可延长缴费至 {status.i3_deadline.isoformat()}，无需再次申请"
        )
    try:
        with transaction.atomic():
            # one filing per unit at a time: the unit's row is the lock
            Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
            if DeferralApplication.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).exists():
                raise DeferralError("本单位已有待确认或已确认的申请，不能重复申请")
            application = DeferralApplication.objects.create(
                organisation=organisation, applicant=applicant, industry=industry, filed_on=on
            )
            record_event(DEFERRALS, application, actor=applicant, to=Status.SUBMITTED, label="提交申请", on=on)
    except IntegrityError as err:  # pragma: no cover - the row lock serialises filings
        raise DeferralError("本单位已有待确认或已确认的申请，不能重复申请") from err
    return application
