"""The decision letter (审核决定书): an A4 PDF in Chinese, for the bureau and the applicant."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.asserts import assert_shows
from wengang.subsidies.models import Status
from wengang.subsidies.services.review import application_approve, application_escalate, application_reject

from .conftest import OP2_FACTS, OP3_SHRINKING, application, organisation


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    return "".join(page.extract_text() for page in reader.pages)


def letter(client, who, app):
    client.force_login(who)
    return client.get(reverse("subsidies:review_letter", args=[app.pk]))


@pytest.mark.django_db
def test_the_approval_letter_states_the_amount_conditions_and_parameters(client, reviewer, firm, firm_user) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)

    text = pdf_text(letter(client, firm_user, app))

    assert "北京市朝阳区人力资源和社会保障局" in text
    assert app.reference in text
    assert "望京软件有限公司" in text and firm.uscc in text
    assert "一次性社会保险补贴" in text
    assert "9,000.00 元" in text
    assert "OP3.1(1)" in text and "OP3.1(3)" in text
    assert "非国有企业" in text  # the condition's text as frozen
    assert "30%" in text  # the rate used, with its status
    assert "已确认" in text
    assert "劳动服务管理中心" in text
    assert "2020年6月1日" in text  # the decision date on the service's clock


@pytest.mark.django_db
def test_provisional_parameters_are_marked_in_the_letter(client, reviewer, municipal) -> None:
    org = organisation("困难制造有限公司", facts=OP2_FACTS)
    app = application(org, "OP2", status=Status.DISTRICT_REVIEW)
    application_escalate(application=app, actor=reviewer)
    application_approve(application=app, actor=municipal)

    text = pdf_text(letter(client, reviewer, app))
    assert_shows(text, "912,000.00 元", "待核实", "1,600.00 元", "市审核小组")


@pytest.mark.django_db
def test_the_rejection_letter_cites_the_clauses(client, reviewer) -> None:
    org = organisation("缩员商贸有限公司", facts=OP3_SHRINKING)
    app = application(org, "OP3", status=Status.DISTRICT_REVIEW)
    application_reject(application=app, actor=reviewer, clauses=["OP3.1(1)"], reasons="2020年4月参保人数少于2019年月均")

    text = pdf_text(letter(client, org.users.get(), app))
    assert "不予补贴决定书" in text.replace(" ", "")
    assert app.reference in text
    assert "OP3.1(1)" in text
    assert "参保人数少于2019年月均" in text


@pytest.mark.django_db
@pytest.mark.parametrize("stranger", ["outsider", "skills_reviewer"])  # another organisation, another department
def test_a_stranger_cannot_download_the_letter(client, reviewer, firm, stranger, request) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)
    assert letter(client, request.getfixturevalue(stranger), app).status_code == 404


@pytest.mark.django_db
def test_there_is_no_letter_before_a_decision(client, reviewer, firm, firm_user) -> None:
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    assert letter(client, firm_user, app).status_code == 404
    assert letter(client, reviewer, app).status_code == 404


@pytest.mark.django_db
def test_the_letter_carries_its_number_code_and_the_administrators_seal(client, reviewer, firm, firm_user) -> None:
    from wengang.documents.models import DocumentType, IssuedDocument
    from wengang.documents.services import shown_code

    from ..documents.test_numbers import png

    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=reviewer)
    unsealed = letter(client, firm_user, app)
    DocumentType.objects.filter(code="decision").update(seal=png())
    sealed = letter(client, firm_user, app)

    document = IssuedDocument.objects.get(subject=f"subsidies.application:{app.pk}")
    assert document.number == "朝人社补〔2020〕第0001号" and document.issued_on.isoformat() == "2020-06-01"
    for response in (unsealed, sealed):
        text = pdf_text(response).replace(" ", "")
        assert "朝人社补〔2020〕第0001号" in text
        assert shown_code(document.code) in text
        assert "http://testserver/documents/verify/" in text
    # the seal is drawn only once the administrator has set one (the QR code is vector, not an image)
    assert len(PdfReader(io.BytesIO(unsealed.content)).pages[-1].images) == 0
    assert len(PdfReader(io.BytesIO(sealed.content)).pages[-1].images) == 1
    # the same number and code on every download
    assert IssuedDocument.objects.count() == 1
