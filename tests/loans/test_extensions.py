"""N16 展期: an infected borrower asks, the bank confirms, the loan's due date moves and the engine's
schedule gains the subsidised months; ≤ 12 months in all; nothing half-saved on bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import pdf_upload
from wengang.cases.models import Notification
from wengang.loans import selectors
from wengang.loans.models import ExtensionRequest, ExtensionStatus
from wengang.loans.services import extension_request
from wengang.loans.workflow import LoanError, extension_transition
from wengang.subsidies.services.materials import MaterialError

pytestmark = pytest.mark.django_db


def ask(loan, borrower, months=6, infected=True, upload=None):
    return extension_request(loan=loan, user=borrower, months=months, infected=infected, upload=upload or pdf_upload("诊断证明.pdf"))


def test_the_bank_confirms_and_the_schedule_gains_six_subsidised_months(
    loan, borrower, bank, django_capture_on_commit_callbacks
):
    assert loan.end_on == dt.date(2020, 7, 1)
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(loan, borrower)
    assert Notification.objects.filter(user=bank).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        extension_transition(request=request, to=ExtensionStatus.CONFIRMED, actor=bank)
    loan.refresh_from_db()
    assert loan.extension_months == 6 and loan.end_on == dt.date(2021, 1, 1)
    rows = selectors.schedule(loan)
    assert len(rows) == 18 and sum(r.extended for r in rows) == 6
    assert sum(r.subsidy for r in rows if r.extended) == Decimal("4350.00")  # 725.00 × 6
    assert Notification.objects.get(user=borrower).body.count("新的到期日 2021-01-01") == 1


def test_the_engine_prices_the_extension(loan):
    result = selectors.extension_decision(loan, months=12, on=dt.date(2020, 3, 10))
    assert result.status == "eligible" and result.amount == Decimal("8700.00")


def test_more_than_twelve_months_in_all_is_refused(loan, borrower, bank):
    request = ask(loan, borrower, months=8)
    extension_transition(request=request, to=ExtensionStatus.CONFIRMED, actor=bank)
    loan.refresh_from_db()
    with pytest.raises(LoanError, match=r"申请展期 13 个月，须为 1 至 12 个月（N16）"):
        ask(loan, borrower, months=5)
    assert ExtensionRequest.objects.count() == 1


def test_a_borrower_who_is_not_infected_cannot_ask(loan, borrower):
    with pytest.raises(LoanError, match="借款人未患新型冠状病毒感染肺炎"):
        ask(loan, borrower, infected=False)
    assert ExtensionRequest.objects.count() == 0


def test_after_maturity_it_is_too_late(loan, borrower, settings):
    settings.WENGANG_TODAY = "2020-07-02"
    with pytest.raises(LoanError, match="贷款已于 2020-07-01 到期"):
        ask(loan, borrower)


def test_evidence_that_is_no_pdf_is_refused_and_nothing_is_stored(loan, borrower, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(MaterialError, match="不是PDF格式"):
        ask(loan, borrower, upload=SimpleUploadedFile("证明.pdf", b"hello", content_type="application/pdf"))
    assert ExtensionRequest.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "loans").exists()


def test_one_request_waits_at_a_time(loan, borrower):
    ask(loan, borrower)
    with pytest.raises(LoanError, match="已有待银行确认的展期申请"):
        ask(loan, borrower)


def test_another_bank_cannot_confirm(loan, borrower, other_bank):
    request = ask(loan, borrower)
    with pytest.raises(LoanError, match="您不能办理“确认展期”"):
        extension_transition(request=request, to=ExtensionStatus.CONFIRMED, actor=other_bank)


def test_declining_needs_a_reason_and_leaves_the_loan(loan, borrower, bank):
    request = ask(loan, borrower)
    with pytest.raises(LoanError, match="须填写理由"):
        extension_transition(request=request, to=ExtensionStatus.DECLINED, actor=bank)
    extension_transition(request=request, to=ExtensionStatus.DECLINED, actor=bank, comment="证明材料无法核实")
    loan.refresh_from_db()
    assert loan.extension_months == 0 and request.reason == "证明材料无法核实"
