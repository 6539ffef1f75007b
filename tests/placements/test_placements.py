"""OP4 placements: what counts (the engine's rule), who may confirm, the agency's tier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import id_number, pdf_upload
from wengang.placements.models import Placement
from wengang.placements.services import PlacementError, agency_tally, placement_declare, placement_move

from .conftest import confirmed, declare

pytestmark = pytest.mark.django_db


def test_a_placement_confirmed_by_both_sides_counts(agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    tally = agency_tally(agency_user.organisation_id)
    assert tally.counted == 1
    assert tally.lines[0].counted


def test_a_declared_placement_not_yet_confirmed_does_not_count(agency_user, wumei_post):
    declare(agency_user, wumei_post, 1)
    tally = agency_tally(agency_user.organisation_id)
    assert tally.counted == 0
    assert tally.lines[0].reasons == ["未经双方确认"]


def test_a_disputed_placement_does_not_count(placement, agency_user, wumei_user):
    placement_move(placement=placement, to="disputed", actor=wumei_user, comment="查无此人")
    assert placement.status == "disputed"
    assert placement.changes.last().comment == "查无此人"
    assert agency_tally(agency_user.organisation_id).counted == 0


def test_a_dispute_needs_a_reason(placement, wumei_user):
    with pytest.raises(PlacementError, match="须填写理由"):
        placement_move(placement=placement, to="disputed", actor=wumei_user, comment=" ")
    placement.refresh_from_db()
    assert placement.status == "declared"
    assert placement.changes.count() == 1


def test_a_worker_placed_twice_counts_once(agency_user, wumei_user, wumei_post, jingkelong_user, jingkelong_post):
    confirmed(agency_user, wumei_user, wumei_post, 1)
    confirmed(agency_user, jingkelong_user, jingkelong_post, 1)
    tally = agency_tally(agency_user.organisation_id)
    assert tally.counted == 1
    assert [line.counted for line in tally.lines] == [True, False]
    assert "不重复计算" in tally.lines[1].reasons[0]


def test_the_same_worker_cannot_be_declared_twice_at_one_enterprise(agency_user, wumei_post):
    declare(agency_user, wumei_post, 1)
    with pytest.raises(PlacementError, match="已申报过"):
        declare(agency_user, wumei_post, 1)


def test_a_key_enterprise_that_never_posted_urgent_does_not_count(agency_user, quiet_firm, quiet_post):
    from tests.factories import make_user
    from wengang.accounts.models import Role

    quiet_user = make_user("yonghui", Role.ENTERPRISE, organisation=quiet_firm)
    confirmed(agency_user, quiet_user, quiet_post, 1)
    tally = agency_tally(agency_user.organisation_id)
    assert tally.counted == 0
    assert tally.lines[0].reasons == ["用工单位不是发布急聘公告的重点企业"]


def test_the_engine_gets_a_masked_worker_key_not_the_id_number(agency_user, wumei_user, wumei_post):
    confirmed(agency_user, wumei_user, wumei_post, 7)
    tally = agency_tally(agency_user.organisation_id)
    key = tally.result.items[0].key
    assert key == "110105********" + id_number(7)[-4:]
    assert id_number(7) not in str(tally.result.to_dict())


@pytest.mark.parametrize(("count", "amount", "needed"), [(49, "0.00", 1), (50, "24000.00", 50)])
def test_tier_boundaries_come_from_the_engine(agency_user, wumei_user, wumei_post, count, amount, needed):
    for seq in range(1, count + 1):
        confirmed(agency_user, wumei_user, wumei_post, seq)
    tally = agency_tally(agency_user.organisation_id)
    assert tally.counted == count
    assert tally.result.amount == Decimal(amount)
    assert tally.needed == needed
    assert tally.next_tier is not None
    assert tally.next_tier.amount == Decimal("24000.00" if count < 50 else "45000.00")


def test_an_enterprise_cannot_confirm_another_enterprises_placement(placement, jingkelong_user):
    with pytest.raises(PlacementError, match="您不能办理"):
        placement_move(placement=placement, to="confirmed", actor=jingkelong_user)
    placement.refresh_from_db()
    assert placement.status == "declared"


def test_the_agency_cannot_confirm_for_the_enterprise(placement, agency_user):
    with pytest.raises(PlacementError, match="您不能办理"):
        placement_move(placement=placement, to="confirmed", actor=agency_user)


def test_the_pay_proof_must_be_a_real_pdf(agency_user, wumei_post):
    fake = pdf_upload(name="证明.pdf", data=b"this is not a pdf")
    with pytest.raises(PlacementError, match="不是PDF"):
        placement_declare(
            user=agency_user,
            post=wumei_post,
            worker_name="甲",
            worker_id_number=id_number(1),
            start_date=dt.date(2020, 3, 2),
            proof=fake,
        )
    assert not Placement.objects.exists()


def test_an_invalid_id_number_is_refused(agency_user, wumei_post):
    with pytest.raises(PlacementError, match="身份证号码无效"):
        placement_declare(
            user=agency_user,
            post=wumei_post,
            worker_name="甲",
            worker_id_number="110105198001010010",
            start_date=dt.date(2020, 3, 2),
            proof=pdf_upload(),
        )


def test_the_enterprise_is_told_and_the_agency_hears_back(
    agency_user, wumei_user, wumei_post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placement = declare(agency_user, wumei_post, 1)
    assert wumei_user.notifications.get().title.endswith("申报推荐上岗，请确认")
    with django_capture_on_commit_callbacks(execute=True):
        placement_move(placement=placement, to="disputed", actor=wumei_user, comment="未到岗")
    notice = agency_user.notifications.get()
    assert "未到岗" in notice.body
    assert [m.to for m in mailoutbox] == [["hr@wumei.example"], ["zhao@hr.example"]]
