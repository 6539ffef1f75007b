"""The agency's OP4 claim is a service-hall draft made from its confirmed placements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import id_number
from wengang.placements.services import PlacementError, op4_claim_create
from wengang.subsidies.models import Application, Policy, SubsidyType
from wengang.subsidies.services.engine import judge

from .conftest import confirmed, declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def op4_open(db) -> SubsidyType:
    subsidy = SubsidyType.objects.get(policy=Policy.OP4)
    subsidy.window_start = dt.date(2020, 5, 1)
    subsidy.save()
    return subsidy


def test_the_claim_draft_carries_the_confirmed_placements(op4_open, agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    confirmed(agency_user, wumei_user, wumei_post, 2)
    declare(agency_user, wumei_post, 3)  # not confirmed: left out
    application, written, left_out = op4_claim_create(user=agency_user)
    assert (written, left_out) == (2, 0)
    assert application.status == "draft"
    assert (application.period_start, application.period_end) == (dt.date(2020, 1, 24), dt.date(2020, 4, 30))
    rows = application.facts["placements"]
    assert [r["id_number"] for r in rows] == [id_number(1), id_number(2)]
    assert rows[0] == {
        "name": "工人1",
        "id_number": id_number(1),
        "enterprise": "北京物美商业集团股份有限公司孙河物流配送中心",
        "enterprise_uscc": wumei_post.organisation.uscc,
        "start_date": "2020-03-02",
        "enterprise_posted_urgent": "true",
        "confirmed_by_enterprise": "true",
        "confirmed_by_agency": "true",
        "has_pay_proof": "true",
    }
    result = judge(application, dt.date(2020, 6, 1))
    assert [item.counted for item in result.items] == [True, True]
    assert result.amount == Decimal("0.00")


def test_making_the_claim_again_refreshes_the_same_draft(op4_open, agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    first, _, _ = op4_claim_create(user=agency_user)
    confirmed(agency_user, wumei_user, wumei_post, 2)
    again, written, _ = op4_claim_create(user=agency_user)
    assert again.pk == first.pk
    assert written == 2
    assert Application.objects.count() == 1


def test_placements_outside_the_claim_period_are_left_out(op4_open, agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    late = declare(agency_user, wumei_post, 2, day=dt.date(2020, 5, 10))
    from wengang.placements.services import placement_move

    placement_move(placement=late, to="confirmed", actor=wumei_user)
    _, written, left_out = op4_claim_create(user=agency_user)
    assert (written, left_out) == (1, 1)


def test_a_closed_window_says_so(agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    with pytest.raises(PlacementError, match="OP4 申请期未开放"):
        op4_claim_create(user=agency_user)
    assert not Application.objects.exists()


def test_the_page_says_the_window_is_closed(client, agency_user):
    client.force_login(agency_user)
    page = client.get(reverse("placements:list")).content.decode()
    assert "OP4 申请期尚未开放" in page
    assert "生成 OP4 申请草稿" not in page


def test_the_claim_button_opens_the_draft(client, op4_open, agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    client.force_login(agency_user)
    response = client.post(reverse("placements:claim"))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("subsidies:apply_detail", args=[application.pk])


def test_only_agencies_make_the_claim(client, op4_open, wumei_user):
    client.force_login(wumei_user)
    assert client.post(reverse("placements:claim")).status_code == 403
