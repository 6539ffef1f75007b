"""Writes of the graduates app: an employer's offer, the parties' moves, the agreement PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from wengang.accounts.models import Role, User
from wengang.cases.models import CaseEvent
from wengang.cases.workflow import record_event
from wengang.clock import today
from wengang.documents import services as documents
from wengang.registry.models import Organisation

from .models import Agreement, Status
from .selectors import n9_decision
from .workflow import AGREEMENTS, DOCUMENT_TYPE, AgreementError, agreement_transition

#: the same answer for an unknown ID number and a name that does not match (no probing of accounts)
NOT_FOUND = "未找到与该姓名和身份证号码相符的个人账号；请毕业生先注册个人账号，并核对姓名和身份证号码"


def agreement_offer(
    *,
    employer: Organisation,
    offered_by: User,
    graduate_name: str,
    id_number: str,
    school: Organisation,
    major: str,
    graduation_year: int,
    position: str,
    workplace: str,
    monthly_salary: Decimal,
    report_on: dt.date,
) -> Agreement:
    """Offer a post to the graduate with this name and ID number; refused (``AgreementError``,
    nothing written) when no such individual account exists, the school is not a university, the
    engine's N9 decision says the agreement cannot be signed, or an offer of this unit waits for them."""
    if school.kind != Organisation.Kind.SCHOOL:
        raise AgreementError("毕业院校须为已登记的高等学校")
    graduate = User.objects.filter(role=Role.INDIVIDUAL, id_number=id_number.upper(), is_active=True).first()
    if graduate is None or graduate.get_full_name().replace(" ", "") != graduate_name.replace(" ", ""):
        raise AgreementError(NOT_FOUND)
    on = today()
    decision = n9_decision(graduation_year=graduation_year, signed_on=on, report_on=report_on)
    if decision.status == "ineligible":
        raise AgreementError("；".join(c.text for c in decision.conditions if c.status == "unmet") + "（N9）")
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                employer=employer, offered_by=offered_by, graduate=graduate, school=school,
                graduate_name=graduate_name, id_number=id_number.upper(), major=major,
                graduation_year=graduation_year, position=position, workplace=workplace,
                monthly_salary=monthly_salary, report_on=report_on, offered_on=on,
            )
            record_event(AGREEMENTS, agreement, actor=offered_by, to=Status.OFFERED, label="发出录用")
    except IntegrityError as err:
        raise AgreementError("本单位已向该毕业生发出录用，正在等待其确认，不能重复发出") from err
    return agreement


def agreement_move(*, agreement: Agreement, to: str, actor: User, comment: str = "") -> CaseEvent:
    """A party's move; two acceptances at once meet the database's one-agreement rule."""
    try:
        return agreement_transition(agreement=agreement, to=to, actor=actor, comment=comment)
    except IntegrityError as err:
        raise AgreementError("该毕业生已接受另一份录用或已签订三方协议，一名毕业生只能签订一份就业协议") from err


def _chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def agreement_context(agreement: Agreement, base_url: str) -> dict[str, Any]:
    assert agreement.status == Status.SIGNED and agreement.signed_on
    document = documents.issue(DOCUMENT_TYPE, agreement.subject, agreement.signed_on)
    return {
        **documents.print_context(document, base_url),
        "a": agreement,
        "offered": _chinese_date(agreement.offered_on),
        "accepted": _chinese_date(agreement.accepted_on),
        "signed": _chinese_date(agreement.signed_on),
        "report": _chinese_date(agreement.report_on),
    }


def agreement_pdf(agreement: Agreement, base_url: str) -> bytes:
    """The signed agreement: an A4 PDF (WeasyPrint, Noto CJK) with its 文号, 核验码 and QR code."""
    import weasyprint

    html = render_to_string("graduates/agreement_pdf.html", agreement_context(agreement, base_url))
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def agreement_filename(agreement: Agreement) -> str:
    return f"{agreement.reference}-就业协议书.pdf"


def schools() -> Any:
    return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).order_by("name")


def on_hand(user: User) -> int:
    """How many agreements wait for this person (the graduate's or school's 待办 count)."""
    if user.role == Role.INDIVIDUAL:
        return Agreement.objects.filter(graduate=user, status=Status.OFFERED).count()
    if user.role == Role.SCHOOL:
        return Agreement.objects.filter(school_id=user.organisation_id, status=Status.ACCEPTED).count()
    return 0
