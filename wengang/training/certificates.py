"""Completion certificates (结业证书): an A4 PDF (WeasyPrint, Noto CJK) numbered 朝培结〔2020〕第0001号
with its 核验码 and a QR code to the public verification page, like every document of
``wengang.documents``.

**Completion** is defined in class hours: a trainee has completed a course when the class hours the
engine converts from their record *on this course* — recorded and live minutes plus offline
attendance, ÷ 45 (``wengang.policy.class_hours``, OP6) — reach the course's ``completion_hours``.
Why hours and not "every lesson finished": hours are the one measure all three lesson kinds share
(a missed live or offline lesson cannot be replayed, a recorded one can be watched in part), and
they are what the OP6 claim is checked against, so a certificate and a claim never disagree.

The provider issues it; the PDF is made once, at issue, from what was fixed then (hours, date), and
stored, so every download — and every archive — is the same document, with no rendering after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from wengang import clock
from wengang.accounts import permissions as base
from wengang.accounts.models import User
from wengang.documents import services as documents
from wengang.policy.class_hours import ClassHours

from .models import Certificate, Enrolment
from .records import people, whole_time
from .services import TrainingError, may_manage_course, save_with_file

DOCUMENT_TYPE = "training-certificate"


@dataclass(frozen=True)
class Completion:
    """A trainee's class hours on one course against the course's completion hours."""

    hours: ClassHours
    required: Decimal

    @property
    def completed(self) -> bool:
        return self.hours.exact >= self.required

    @property
    def text(self) -> str:
        if self.completed:
            return f"已结业：{self.hours.hours} 课时，达到本课程结业所需 {self.required} 课时"
        return f"未结业：{self.hours.hours} 课时，本课程结业须达到 {self.required} 课时"


def completion(enrolment: Enrolment, on: dt.date | None = None) -> Completion:
    """The class hours of this one enrolment (this course only), by the engine."""
    person = people([enrolment], *whole_time(), on or clock.today())[0]
    assert person.hours is not None
    return Completion(person.hours, enrolment.course.completion_hours)


def may_download(user: User, certificate: Certificate) -> bool:
    """The provider of the course, the trainee (by the ID number on the account), the employer."""
    enrolment = certificate.enrolment
    if may_manage_course(user, enrolment.course):
        return True
    if user.is_authenticated and user.id_number and user.id_number == enrolment.id_number:
        return True
    return bool(
        base.is_applicant(user) and enrolment.employer_id is not None and user.organisation_id == enrolment.employer_id
    )


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _pdf(enrolment: Enrolment, hours: Decimal, on: dt.date, document: Any, base_url: str) -> bytes:
    import weasyprint

    course = enrolment.course
    context = {
        **documents.print_context(document, base_url),
        "e": enrolment,
        "course": course,
        "provider": course.provider,
        "hours": hours,
        "issued": _chinese_date(on),
    }
    pdf: bytes = weasyprint.HTML(string=render_to_string("training/certificate_pdf.html", context)).write_pdf()
    return pdf


def certificate_issue(*, user: User, enrolment: Enrolment, base_url: str, on: dt.date | None = None) -> Certificate:
    """Issue the certificate of a trainee who completed the course; refused (``TrainingError``,
    nothing written) before completion, by anyone but the course's provider, or a second time."""
    if not may_manage_course(user, enrolment.course):
        raise TrainingError("只有开设本课程的培训机构可以发放结业证书")
    on = on or clock.today()
    try:
        with transaction.atomic():
            # one issue at a time per trainee: the second waits here, then finds the first's certificate
            Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            existing = Certificate.objects.filter(enrolment=enrolment).select_related("document").first()
            if existing is not None:
                raise TrainingError(f"{enrolment.name}已发过结业证书（{existing.document.number}），不重复发证")
            done = completion(enrolment, on)
            if not done.completed:
                raise TrainingError(f"{enrolment.name}{done.text}，暂不能发证")
            document = documents.issue(
                DOCUMENT_TYPE, f"training.enrolment:{enrolment.pk}", on, issuer=enrolment.course.provider.name
            )
            hours = done.hours.hours
            certificate = Certificate(enrolment=enrolment, document=document, hours=hours, issued_on=on, issued_by=user)
            pdf = ContentFile(_pdf(enrolment, hours, on, document, base_url))
            save_with_file(certificate, "file", f"certificate-{enrolment.pk}.pdf", pdf)
    except IntegrityError:  # a second issue at the same moment (where rows are not locked, SQLite)
        raise TrainingError(f"{enrolment.name}已发过结业证书，不重复发证") from None
    return certificate


def filename(certificate: Certificate) -> str:
    return f"{certificate.document.number}-{certificate.enrolment.name}-结业证书.pdf"
