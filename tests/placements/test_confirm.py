"""Irreversible moves ask first (issue 12): the first post shows what will happen and changes
nothing; the confirmed post acts once; a second click says it is already done. A move that would
fail is refused at once, never offered for confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.cases.models import CaseEvent
from wengang.placements.models import Candidacy
from wengang.placements.services import base_apply, candidacy_apply

from .conftest import declare

pytestmark = pytest.mark.django_db


def events() -> list[tuple[str, str]]:
    return list(CaseEvent.objects.order_by("pk").values_list("to_status", "move"))


def test_the_enterprise_confirms_a_placement_after_its_summary(client, placement, agency_user, wumei_user):
    url = reverse("placements:move", args=[placement.pk, "confirmed"])
    client.force_login(wumei_user)
    before = events()

    page = client.post(url)
    assert page.status_code == 200
    assert_shows(
        page.content.decode(),
        "<h1>请确认：确认上岗：工人1</h1>",
        "将确认北京朝阳人力资源服务有限公司推荐的工人1（110105********0016）已于 2020-03-02 在"
        "北京物美商业集团股份有限公司孙河物流配送中心“物流分拣员”岗位上岗。确认后计入该机构就业补贴（OP4）的"
        "推荐上岗人数（OP4.1(2) 须机构和重点企业双方确认），机构将收到通知。",
        '<input type="hidden" name="confirm" value="1">',
        '<button type="submit" class="button">确认上岗</button>',
        "确认后立即生效，<strong>操作不可撤销</strong>。",
    )
    placement.refresh_from_db()
    assert (placement.status, events(), agency_user.notifications.count()) == ("declared", before, 0)

    done = client.post(url, {"confirm": "1"})
    assert (done.status_code, done["Location"]) == (302, reverse("placements:detail", args=[placement.pk]))
    placement.refresh_from_db()
    assert placement.status == "confirmed"
    assert events() == [*before, ("confirmed", "确认上岗")]
    assert agency_user.notifications.count() == 1

    again = client.post(url, {"confirm": "1"}, follow=True)
    assert "工人1已是“双方已确认”，无需重复办理" in again.content.decode()
    assert events() == [*before, ("confirmed", "确认上岗")]
    assert agency_user.notifications.count() == 1


def test_a_dispute_without_reason_is_refused_not_confirmed(client, agency_user, wumei_user, wumei_post):
    placement = declare(agency_user, wumei_post, 2)
    url = reverse("placements:move", args=[placement.pk, "disputed"])
    client.force_login(wumei_user)
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 422
    assert "“提出异议”须填写理由" in refused.content.decode()
    assert "请确认" not in refused.content.decode()

    page = client.post(url, {"comment": "未到岗"})
    assert page.status_code == 200
    assert_shows(
        page.content.decode(),
        "将对北京朝阳人力资源服务有限公司申报的工人2（110105********0024）在北京物美商业集团股份有限公司"
        "孙河物流配送中心“物流分拣员”岗位上岗提出异议。有异议期间不计入该机构就业补贴（OP4）的推荐上岗人数"
        "（OP4.1(2)），机构将收到异议理由。",
        '<dt>理由</dt><dd class="pre">未到岗</dd>',
        '<input type="hidden" name="comment" value="未到岗">',
        '<button type="submit" class="button button--danger">确认提出异议</button>',
        "<p>确认后立即生效。</p>",  # the firm may still confirm a placement it disputed: not "不可撤销"
    )
    assert "不可撤销" not in page.content.decode()
    placement.refresh_from_db()
    assert placement.status == "declared"

    client.post(url, {"comment": "未到岗", "confirm": "1"})
    placement.refresh_from_db()
    assert placement.status == "disputed"
    assert placement.changes.last().reason == "未到岗"


def test_a_move_not_offered_is_never_confirmed(client, agency_user, wumei_post):
    placement = declare(agency_user, wumei_post, 3)
    client.force_login(agency_user)
    response = client.post(reverse("placements:move", args=[placement.pk, "confirmed"]))
    assert response.status_code == 422
    assert "您不能办理“确认上岗”" in response.content.decode()
    assert "请确认" not in response.content.decode()


def test_the_agency_withdraws_after_its_summary(client, agency_user, wumei_post):
    placement = declare(agency_user, wumei_post, 4)
    url = reverse("placements:move", args=[placement.pk, "withdrawn"])
    client.force_login(agency_user)
    page = client.post(url)
    assert (
        "将撤回工人4（110105********0040）在北京物美商业集团股份有限公司孙河物流配送中心“物流分拣员”岗位的上岗申报。"
        in (page.content.decode())
    )
    client.post(url, {"confirm": "1"})
    placement.refresh_from_db()
    assert placement.status == "withdrawn"


def test_public_service_recognises_a_base_once(client, wumei_user, public_service):
    record = base_apply(
        user=wumei_user,
        posts_offered="行政助理\n数据分析助理",
        capacity=6,
        mentor_name="王",
        mentor_phone="1",
        address="望京",
    )
    url = reverse("placements:base_move", args=[record.pk, "approved"])
    client.force_login(public_service)
    page = client.post(url)
    assert page.status_code == 200
    assert_shows(
        page.content.decode(),
        "将认定北京物美商业集团股份有限公司孙河物流配送中心为就业见习基地（见习岗位：行政助理、数据分析助理）。"
        "认定后该单位可在就业超市发布见习岗位，并将收到通知。",
        '<button type="submit" class="button">确认认定为见习基地</button>',
    )
    record.refresh_from_db()
    assert (record.status, wumei_user.notifications.count()) == ("pending", 0)

    assert client.post(url, {"confirm": "1"}).status_code == 302
    again = client.post(url, {"confirm": "1"}, follow=True)
    assert "北京物美商业集团股份有限公司孙河物流配送中心已是“已认定”，无需重复办理" in again.content.decode()
    record.refresh_from_db()
    assert record.status == "approved"
    assert list(wumei_user.notifications.values_list("title", flat=True)) == ["就业见习基地申请已认定"]


def test_refusing_a_base_needs_a_reason_before_it_is_confirmed(client, wumei_user, public_service):
    record = base_apply(
        user=wumei_user, posts_offered="助理", capacity=2, mentor_name="王", mentor_phone="1", address="望京"
    )
    url = reverse("placements:base_move", args=[record.pk, "rejected"])
    client.force_login(public_service)
    assert "“不予认定”须填写理由" in client.post(url).content.decode()
    page = client.post(url, {"comment": "带教条件不足"}).content.decode()
    assert "将对北京物美商业集团股份有限公司孙河物流配送中心的就业见习基地申请作出不予认定决定" in page
    client.post(url, {"comment": "带教条件不足", "confirm": "1"})
    record.refresh_from_db()
    assert record.status == "rejected"


def test_an_interview_is_arranged_at_once_and_hiring_asks_first(client, seeker, wumei_user, wumei_post):
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    client.force_login(wumei_user)
    back = reverse("placements:post", args=[wumei_post.pk])
    interview = client.post(reverse("placements:candidacy_move", args=[candidacy.pk, "interviewing"]))
    assert (interview.status_code, interview["Location"]) == (302, back)

    url = reverse("placements:candidacy_move", args=[candidacy.pk, "hired"])
    page = client.post(url)
    assert page.status_code == 200
    assert (
        "将录用刘洋（110105********9003）到“物流分拣员”岗位，求职者及推荐方将收到通知，此后不能再变更。"
        in page.content.decode()
    )
    assert Candidacy.objects.get().status == "interviewing"
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert Candidacy.objects.get().status == "hired"
    again = client.post(url, {"confirm": "1"}, follow=True)
    assert "刘洋已是“已录用”，无需重复办理" in again.content.decode()
    assert [e for e in events() if e[0] == "hired"] == [("hired", "录用")]


def test_the_seeker_withdraws_after_its_summary(client, seeker, wumei_post):
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    url = reverse("placements:candidacy_move", args=[candidacy.pk, "withdrawn"])
    client.force_login(seeker)
    assert "将撤回刘洋（110105********9003）对“物流分拣员”岗位的投递或推荐，撤回后不能恢复。" in (
        client.post(url).content.decode()
    )
    assert Candidacy.objects.get().status == "applied"
    client.post(url, {"confirm": "1"})
    assert Candidacy.objects.get().status == "withdrawn"
