"""The individuals' demo data: geren's confirmed registration and claim in review, a newcomer's
registration waiting for 孙河, a claim being paid; loading twice creates nothing more."""

from __future__ import annotations

import io

import pytest

from tests.factories import id_number, make_user, street
from wengang.accounts.models import Role
from wengang.demo import individuals
from wengang.individuals.models import BenefitClaim, BenefitPayment, UnemploymentRegistration

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_stage_once(settings, tmp_path):
    settings.WENGANG_TODAY = "2020-06-01"
    settings.MEDIA_ROOT = tmp_path
    make_user("geren", Role.INDIVIDUAL, first_name="刘洋", id_number=id_number(123, "19900315"))
    make_user("jiexiang", Role.STREET, first_name="陈静", street=street("孙河"))
    out = io.StringIO()
    individuals.load(out)
    individuals.load(out)
    states = sorted(UnemploymentRegistration.objects.values_list("person__username", "status"))
    assert states == [("geren", "registered"), ("geren2", "submitted"), ("geren3", "registered")]
    claims = sorted(BenefitClaim.objects.values_list("person__username", "status", "months"))
    assert claims == [("geren", "submitted", None), ("geren3", "approved", 24)]
    paid = BenefitPayment.objects.filter(status="paid").values_list("month", flat=True)
    assert [m.isoformat() for m in paid] == ["2020-04-01", "2020-05-01"]
    assert out.getvalue().count("个人服务演示数据") == 3
