"""The demo module: in 孙河, kunnan placed in the post, linghuo's two monthly claims, one application
waiting for jiexiang — loaded once however often it runs."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest

from wengang.assistance.models import Attendance, Certification, FlexibleClaim, WelfarePlacement, WelfarePost
from wengang.demo import assistance as demo

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_certified_person_placed_in_sunhes_post_and_loads_once(sunhe_office, tmp_path):
    out = StringIO()
    demo.load(out)
    demo.load(out)
    assert sorted(Certification.objects.values_list("person__username", "status")) == [
        ("kunnan", "certified"),
        ("linghuo", "certified"),
        ("shenqing", "submitted"),
    ]
    post = WelfarePost.objects.get()
    assert (post.title, str(post.street), post.headcount) == ("社区公共服务协管员", "孙河地区", 3)
    placement = WelfarePlacement.objects.get()
    assert (placement.person.username, placement.status, str(placement.start)) == ("kunnan", "active", "2020-05-18")
    assert Attendance.objects.get().days_worked == 10
    claims = FlexibleClaim.objects.order_by("month").values_list("month", "amount", "status")
    assert [(str(m), a, s) for m, a, s in claims] == [
        ("2020-05-01", Decimal("757.00"), "approved"),
        ("2020-06-01", Decimal("757.00"), "submitted"),
    ]
    assert out.getvalue().count("就业援助：孙河地区的就业困难人员 3 名") == 2


def test_without_the_street_account_the_demo_says_so(db):
    out = StringIO()
    demo.load(out)
    assert "缺少街乡账号 jiexiang" in out.getvalue()
    assert not Certification.objects.exists()
