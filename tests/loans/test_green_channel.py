"""N16 绿色通道: applications of those who lost their income and are within the borrower's limits
come first in the reviewers' queue; beyond the limits is refused; one pending application each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wengang.loans import selectors
from wengang.loans.models import GuaranteeApplication, GuaranteeStatus
from wengang.loans.services import guarantee_apply
from wengang.loans.workflow import LoanError, guarantee_transition

pytestmark = pytest.mark.django_db


def apply(user, bank_org, amount="150000.00", term=24, lost_income=True):
    return guarantee_apply(
        applicant=user, bank=bank_org, amount=Decimal(amount), term_months=term, purpose="社区早餐店", lost_income=lost_income
    )


def test_green_channel_cases_come_first_in_the_queue(borrower, stranger, firm_user, bank_org, settings):
    settings.WENGANG_TODAY = "2020-03-01"
    ordinary = apply(stranger, bank_org, lost_income=False)
    settings.WENGANG_TODAY = "2020-03-05"
    firm = apply(firm_user, bank_org, amount="2500000.00", term=24)
    settings.WENGANG_TODAY = "2020-03-10"
    person = apply(borrower, bank_org)
    assert (ordinary.priority, firm.priority, person.priority) == (False, True, True)
    assert list(selectors.guarantee_queue()) == [firm, person, ordinary]


def test_an_individual_above_200000_yuan_is_refused(borrower, bank_org):
    with pytest.raises(LoanError, match=r"申请 200,000.01 元，超过上限 200,000.00 元（N16）"):
        apply(borrower, bank_org, amount="200000.01")
    assert GuaranteeApplication.objects.count() == 0


def test_a_small_firm_may_borrow_up_to_3000000_yuan_for_24_months(firm_user, bank_org):
    assert apply(firm_user, bank_org, amount="3000000.00", term=24).priority
    with pytest.raises(LoanError, match="期限 25 个月，须为 1 至 24 个月"):
        guarantee_apply(
            applicant=firm_user, bank=bank_org, amount=Decimal("1"), term_months=25, purpose="x", lost_income=True
        )


def test_a_second_pending_application_is_refused_by_the_database(borrower, bank_org):
    apply(borrower, bank_org)
    with pytest.raises(LoanError, match="已有待审核的创业担保贷款申请"):
        apply(borrower, bank_org)


def test_only_the_reviewers_decide(borrower, bank_org, reviewer, bank):
    application = apply(borrower, bank_org)
    with pytest.raises(LoanError, match="仅区审核人员可以办理“同意担保”"):
        guarantee_transition(application=application, to=GuaranteeStatus.APPROVED, actor=bank)
    guarantee_transition(application=application, to=GuaranteeStatus.APPROVED, actor=reviewer)
    assert application.status == GuaranteeStatus.APPROVED and application.decided_by == reviewer
