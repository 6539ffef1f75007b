"""Acceptance issues the numbered 《收悉证明》 with a QR code; a public page verifies it."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from wengang.cases.models import Notification
from wengang.documents.models import IssuedDocument
from wengang.documents.services import shown_code, verify
from wengang.layoffs import services
from wengang.layoffs.models import Status
from wengang.layoffs.receipt import receipt_context
from wengang.layoffs.workflow import TransitionError

from .conftest import TODAY
from .factories import complete_report, id_number


def test_the_reviewer_is_told_of_a_submitted_report(owner, reviewer, django_capture_on_commit_callbacks):
    report = complete_report(owner, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=owner)
    assert Notification.objects.get(user=reviewer).title == "裁减人员报告待受理：北京甲乙制造有限公司"


def test_acceptance_numbers_the_receipt(submitted, reviewer, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report=submitted, user=reviewer)
    assert submitted.status == Status.ACCEPTED
    assert submitted.receipt_number == "朝人社收〔2020〕第0001号"
    assert submitted.accepted_on == TODAY and submitted.accepted_by == reviewer
    assert [c.to_status for c in submitted.changes.all()] == ["submitted", "accepted"]
    assert Notification.objects.get(user=owner).title == "裁减人员报告已受理：朝人社收〔2020〕第0001号"
    assert mail.outbox[-1].to == ["firm@example.com"]


def test_receipts_are_numbered_in_sequence(submitted, reviewer, outsider):
    services.report_accept(report=submitted, user=reviewer)
    second = complete_report(outsider, today=TODAY)
    services.report_submit(report=second, user=outsider)
    services.report_accept(report=second, user=reviewer)
    assert second.receipt_number == "朝人社收〔2020〕第0002号"


def test_a_receipt_number_drawn_twice_is_drawn_again(submitted, reviewer, outsider, monkeypatch):
    services.report_accept(report=submitted, user=reviewer)
    taken = submitted.receipt_number
    second = complete_report(outsider, today=TODAY)
    services.report_submit(report=second, user=outsider)
    real = services.next_receipt_number
    draws = iter([taken])  # as if another reviewer had drawn the same number a moment before

    def racing(year):
        return next(draws, None) or real(year)

    monkeypatch.setattr(services, "next_receipt_number", racing)
    services.report_accept(report=second, user=reviewer)
    second.refresh_from_db()
    assert second.status == Status.ACCEPTED
    assert second.receipt_number == "朝人社收〔2020〕第0002号"


def test_another_department_cannot_accept(submitted, other_reviewer):
    with pytest.raises(TransitionError, match="裁减人员报告由劳动关系科受理"):
        services.report_accept(report=submitted, user=other_reviewer)


def test_a_return_needs_reasons_and_the_report_can_be_resubmitted(submitted, reviewer, owner):
    with pytest.raises(TransitionError, match="须填写理由"):
        services.report_return(report=submitted, user=reviewer, reasons=" ")
    services.report_return(report=submitted, user=reviewer, reasons="工会意见未盖章")
    assert submitted.status == Status.RETURNED and submitted.return_reasons == "工会意见未盖章"
    services.report_submit(report=submitted, user=owner)
    assert submitted.status == Status.SUBMITTED and submitted.return_reasons == ""


def test_the_receipt_pdf_carries_the_number_and_a_qr_code(client, submitted, reviewer, owner):
    services.report_accept(report=submitted, user=reviewer)
    client.force_login(owner)
    response = client.get(reverse("layoffs:receipt", args=[submitted.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "朝人社收〔2020〕第0001号" in text
    assert "相关材料已收悉" in text and "北京甲乙制造有限公司" in text
    # issue 12: the receipt's code, and the page that wants number and code
    document = IssuedDocument.objects.get(subject=f"layoffs.report:{submitted.pk}")
    assert document.number == "朝人社收〔2020〕第0001号" and document.issued_on == submitted.accepted_on
    assert shown_code(document.code) in text.replace(" ", "")
    assert "http://testserver/documents/verify/" in text
    context = receipt_context(submitted, "http://testserver/")
    assert context["doc_qr"].startswith("data:image/svg+xml;base64,")
    assert context["doc_code"] == shown_code(document.code)  # the same code on every download
    assert verify(" 朝人社收(2020)第1号", document.code.lower()) == document
    assert verify("朝人社收〔2020〕第0001号", "") is None


def test_the_public_page_verifies_a_receipt_without_personal_data(client, submitted, reviewer):
    services.report_accept(report=submitted, user=reviewer)
    response = client.get(reverse("layoffs:verify") + "?number=" + quote("朝人社收〔2020〕第0001号"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "核验通过：该《收悉证明》真实有效" in text and "2020年4月15日" in text
    # issue 8, finding 5: the numbers are sequential; neither the firm nor the headcount is shown
    assert "北京甲乙制造有限公司" not in text and "20 人" not in text and "裁减人数" not in text
    assert "职工1" not in text and id_number(1) not in text and id_number(1)[:6] + "*" not in text


def test_a_wrong_number_is_not_found(client, submitted, reviewer):
    services.report_accept(report=submitted, user=reviewer)
    response = client.get(reverse("layoffs:verify") + "?number=" + quote("朝人社收〔2020〕第0002号"))
    assert response.status_code == 404
    assert "未找到该编号的《收悉证明》" in response.content.decode()


def test_a_submitted_report_has_no_receipt_yet(client, submitted, owner):
    client.force_login(owner)
    assert client.get(reverse("layoffs:receipt", args=[submitted.pk])).status_code == 404
    response = client.get(reverse("layoffs:verify") + "?number=x")
    assert response.status_code == 404
