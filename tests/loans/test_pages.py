"""The loan pages as people use them: the schedule, the extension form's bad input, the queue order."""

from __future__ import annotations

import pytest

from tests.factories import pdf_upload
from wengang.loans.models import ExtensionRequest, GuaranteeApplication

pytestmark = pytest.mark.django_db


def test_the_loan_page_shows_the_schedule_from_the_engine(client, loan, borrower):
    client.force_login(borrower)
    html = client.get(f"/loans/{loan.pk}/").content.decode()
    assert "财政贴息合计 <strong>¥8,700.00</strong>" in html  # 725.00 × 12
    assert html.count("原期限") == 12


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"months": "abc", "infected": "on"}, "申请展期"),
        ({"months": "99999999999999999999", "infected": "on"}, "申请展期"),
        ({"months": "13", "infected": "on"}, "须为 1 至 12 个月"),
        ({"months": "6"}, "借款人未患新型冠状病毒感染肺炎"),
    ],
)
def test_bad_extension_input_is_refused_in_chinese(client, loan, borrower, data, message):
    client.force_login(borrower)
    response = client.post(f"/loans/{loan.pk}/extend/", {**data, "evidence": pdf_upload()})
    assert response.status_code == 400 and message in response.content.decode()
    assert ExtensionRequest.objects.count() == 0


def test_an_extension_from_the_form(client, loan, borrower):
    client.force_login(borrower)
    response = client.post(f"/loans/{loan.pk}/extend/", {"months": "6", "infected": "on", "evidence": pdf_upload()})
    request = ExtensionRequest.objects.get()
    assert response["Location"] == f"/loans/extensions/{request.pk}/"
    assert request.display_name == "CY2019-0001+感染证明.pdf"


def test_hostile_guarantee_input_gives_chinese_messages(client, borrower, bank_org):
    client.force_login(borrower)
    response = client.post(
        "/loans/guarantees/apply/",
        {"bank": bank_org.pk, "amount": "1e999", "term_months": "-1", "purpose": "店\x00铺", "lost_income": "on"},
    )
    assert response.status_code == 400
    assert GuaranteeApplication.objects.count() == 0
    assert "申请金额" in response.content.decode()


def test_the_queue_lists_the_green_channel_first(client, reviewer, borrower, stranger, bank_org, settings):
    from decimal import Decimal

    from wengang.loans.services import guarantee_apply

    settings.WENGANG_TODAY = "2020-03-01"
    guarantee_apply(applicant=stranger, bank=bank_org, amount=Decimal("50000"), term_months=12, purpose="甲", lost_income=False)
    settings.WENGANG_TODAY = "2020-03-09"
    guarantee_apply(applicant=borrower, bank=bank_org, amount=Decimal("50000"), term_months=12, purpose="乙", lost_income=True)
    client.force_login(reviewer)
    html = client.get("/loans/guarantees/").content.decode()
    assert html.index("赵创业") < html.index("路人")


def test_a_bank_confirming_what_the_borrower_just_withdrew_is_told_why(client, loan, borrower, bank):
    from wengang.loans.models import ExtensionStatus
    from wengang.loans.services import extension_request
    from wengang.loans.workflow import extension_transition

    request = extension_request(loan=loan, user=borrower, months=6, infected=True, upload=pdf_upload())
    client.force_login(bank)
    assert client.post(f"/loans/extensions/{request.pk}/move/confirmed/").status_code == 200  # the confirmation page
    extension_transition(request=request, to=ExtensionStatus.WITHDRAWN, actor=borrower)  # meanwhile
    response = client.post(f"/loans/extensions/{request.pk}/move/confirmed/", {"confirm": "1"})
    assert response.status_code == 400
    assert "当前状态“借款人已撤回”不能变更为“已展期”" in response.content.decode()
    loan.refresh_from_db()
    assert loan.extension_months == 0
