"""The issue-15 demo modules (graduates, loans, notices) show each feature, and a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from tests.factories import make_organisation, make_user
from wengang.accounts.models import Role
from wengang.demo import graduates, loans, notices
from wengang.graduates.models import Agreement, Status
from wengang.loans.models import GuaranteeApplication, Loan
from wengang.loans.selectors import guarantee_queue
from wengang.notices.models import Notice
from wengang.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_offer_a_loan_the_green_channel_first_and_two_notices(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WENGANG_TODAY = "2020-06-01"
    make_user("qiye", Role.ENTERPRISE, organisation=make_organisation(51, "北京智图云联科技有限公司"))
    make_user("qiye2", Role.ENTERPRISE, organisation=make_organisation(52, "北京启程数据服务有限公司"))
    make_user("gaoxiao", Role.SCHOOL, organisation=make_organisation(53, "北京京华大学", kind=Organisation.Kind.SCHOOL))
    make_user("yinhang", Role.BANK, organisation=make_organisation(54, "北京农商银行朝阳支行", kind=Organisation.Kind.BANK))
    for _ in range(2):
        for module in (graduates, loans, notices):
            module.load(StringIO())
    offer = Agreement.objects.get()
    assert offer.graduate.username == "biyesheng" and offer.status == Status.OFFERED
    loan = Loan.objects.get()
    assert loan.borrower.username == "daikuan" and str(loan.end_on) == "2020-07-01"
    assert [g.applicant.username for g in guarantee_queue()] == ["daikuan", "qiye2"]
    assert GuaranteeApplication.objects.filter(priority=True).count() == 1
    assert Notice.objects.current(offer.offered_on).count() == 2
