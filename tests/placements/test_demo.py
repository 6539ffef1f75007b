"""The placements demo: jigou just past the first OP4 tier; 附件2's 15 firms with 37 internship posts; idempotent."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest

from wengang.accounts.models import User
from wengang.demo import placements as demo_placements
from wengang.demo.data import DEMO_TODAY
from wengang.demo.load import demo_load
from wengang.placements.models import InternshipBase, Placement
from wengang.placements.services import agency_tally, internship_posts


@pytest.mark.django_db
def test_the_demo_agency_has_just_passed_the_first_tier(settings):
    settings.WENGANG_TODAY = DEMO_TODAY
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    demo_load(password="demo-password-1", today=DEMO_TODAY)
    out = StringIO()
    demo_placements.load(out)
    demo_placements.load(StringIO())

    agency = User.objects.get(username="jigou").organisation
    tally = agency_tally(agency.pk)
    assert (tally.counted, tally.result.amount, tally.needed) == (52, Decimal("24000.00"), 48)
    assert Placement.objects.count() == 55
    assert sorted(InternshipBase.objects.values_list("status", flat=True)) == ["approved"] * 15 + ["pending"]
    posts = internship_posts()
    assert posts.count() == 37
    assert posts.values("organisation").distinct().count() == 15
    assert "计入 52 人，当前档次 24,000.00 元" in out.getvalue()
