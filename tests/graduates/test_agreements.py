"""N9 不见面签约: the employer offers, the graduate and the school confirm; the engine's deadlines
decide; one graduate, one agreement; the signed agreement is a numbered document that verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from wengang.cases.models import Notification
from wengang.documents import services as documents
from wengang.graduates.models import Agreement, Status
from wengang.graduates.services import agreement_move, agreement_offer
from wengang.graduates.workflow import AgreementError

from .conftest import GRADUATE_ID, offer

pytestmark = pytest.mark.django_db


def test_an_offer_finds_the_graduate_by_name_and_id_number(agreement, graduate):
    assert agreement.graduate == graduate
    assert agreement.status == Status.OFFERED
    assert agreement.masked_id_number == GRADUATE_ID[:6] + "********" + GRADUATE_ID[-4:]


def test_a_name_that_does_not_match_the_id_number_finds_no_one(firm, employer, university, graduate):
    with pytest.raises(AgreementError, match="未找到与该姓名和身份证号码相符的个人账号"):
        offer(firm, employer, university, graduate_name="林晓晓")
    assert Agreement.objects.count() == 0


def test_a_report_date_after_the_extended_deadline_is_refused_by_n9(firm, employer, university, graduate):
    with pytest.raises(AgreementError, match=r"报到日期 2021-07-01 晚于就业报到截止日 2021-06-30（N9）"):
        offer(firm, employer, university, report_on=dt.date(2021, 7, 1))
    assert Agreement.objects.count() == 0


def test_the_same_employer_cannot_offer_twice_while_the_first_waits(agreement, firm, employer, university):
    with pytest.raises(AgreementError, match="不能重复发出"):
        offer(firm, employer, university)


def test_graduate_then_school_sign_and_the_document_verifies(
    agreement, graduate, school, employer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    assert agreement.accepted_on == dt.date(2020, 6, 1)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_move(agreement=agreement, to=Status.SIGNED, actor=school)
    assert agreement.status == Status.SIGNED and agreement.signed_on == dt.date(2020, 6, 1)
    issued = documents.verify("朝毕协〔2020〕第0001号", documents.IssuedDocument.objects.get().code)
    assert issued is not None and issued.subject == f"graduates.agreement:{agreement.pk}"
    assert issued.doc_type.name == "毕业生就业协议书（三方协议）"
    # the employer heard of the acceptance and the signing; the graduate of the signing
    assert Notification.objects.filter(user=employer).count() == 2
    assert Notification.objects.filter(user=graduate, title__contains="三方已签约").count() == 1


def test_the_school_cannot_confirm_before_the_graduate(agreement, school):
    with pytest.raises(AgreementError, match="当前状态“待毕业生确认”不能变更为“三方已签约”"):
        agreement_move(agreement=agreement, to=Status.SIGNED, actor=school)


def test_another_school_is_no_party(agreement, graduate, other_school):
    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    with pytest.raises(AgreementError, match="您不是该协议办理“确认三方协议”的一方"):
        agreement_move(agreement=agreement, to=Status.SIGNED, actor=other_school)


def test_a_graduate_accepts_only_one_offer(agreement, graduate, rival, university):
    second = agreement_offer(
        employer=rival.organisation, offered_by=rival, graduate_name="林晓", id_number=GRADUATE_ID,
        school=university, major="计算机科学与技术", graduation_year=2020, position="测试工程师",
        workplace="北京市海淀区", monthly_salary=agreement.monthly_salary, report_on=agreement.report_on,
    )
    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    with pytest.raises(AgreementError, match="一名毕业生只能签订一份就业协议"):
        agreement_move(agreement=second, to=Status.ACCEPTED, actor=graduate)
    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_the_database_refuses_a_second_binding_agreement(agreement, graduate, rival, university):
    from django.db import IntegrityError, transaction

    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            employer=rival.organisation, offered_by=rival, graduate=graduate, school=university,
            graduate_name="林晓", id_number=GRADUATE_ID, major="x", graduation_year=2020, position="x",
            workplace="x", monthly_salary=1, report_on=dt.date(2020, 7, 1), offered_on=dt.date(2020, 6, 1),
            status=Status.SIGNED,
        )


def test_withdrawing_needs_a_reason(agreement, employer):
    with pytest.raises(AgreementError, match="“撤回录用”须填写理由"):
        agreement_move(agreement=agreement, to=Status.WITHDRAWN, actor=employer)
    agreement_move(agreement=agreement, to=Status.WITHDRAWN, actor=employer, comment="岗位取消")
    assert agreement.status == Status.WITHDRAWN and agreement.reason == "岗位取消"


def test_signing_after_the_extended_deadline_is_refused(agreement, graduate, school, settings):
    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    settings.WENGANG_TODAY = "2021-01-01"
    with pytest.raises(AgreementError, match=r"签约日 2021-01-01 晚于签约录取截止日 2020-12-31（N9）"):
        agreement_move(agreement=agreement, to=Status.SIGNED, actor=school)


def test_the_pdf_names_the_three_parties_with_the_masked_id_number(client, agreement, graduate, school):
    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    agreement_move(agreement=agreement, to=Status.SIGNED, actor=school)
    client.force_login(graduate)
    response = client.get(f"/graduates/{agreement.pk}/agreement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "朝毕协〔2020〕第0001号" in compact
    assert "北京智图科技有限公司" in compact and "北京京华大学" in compact
    assert GRADUATE_ID not in compact and GRADUATE_ID[-4:] in compact
