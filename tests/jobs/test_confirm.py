"""Taking a post down and refusing to publish it ask first (issue 12): the first post shows what
will happen and changes nothing; the confirmed post acts once; a second click says it is done."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.jobs.models import PostStatus

from .conftest import make_post

pytestmark = pytest.mark.django_db


def moves(post) -> list[str]:
    return list(post.events.order_by("pk").values_list("to_status", flat=True))


def test_the_poster_withdraws_after_the_summary(client, plain_owner):
    post = make_post(plain_owner)
    url = reverse("jobs:withdraw", args=[post.pk])
    client.force_login(plain_owner)

    page = client.post(url)
    assert page.status_code == 200
    assert_shows(
        page.content.decode(),
        "<h1>请确认：撤下岗位：仓储分拣员</h1>",
        "将撤下北京丙丁贸易有限公司的“仓储分拣员”岗位（已发布，招聘 400 人）。撤下后不在就业超市展示，"
        "求职者不能再投递，且不能恢复；如需招聘须重新发布岗位。",
        '<button type="submit" class="button button--danger">确认撤下岗位</button>',
        f'<a class="button button--secondary" href="/jobs/{post.pk}/">返回修改</a>',
    )
    post.refresh_from_db()
    assert (post.status, moves(post)) == (PostStatus.PUBLISHED, ["published"])

    done = client.post(url, {"confirm": "1"})
    assert (done.status_code, done["Location"]) == (302, reverse("jobs:mine"))
    post.refresh_from_db()
    assert (post.status, moves(post)) == (PostStatus.WITHDRAWN, ["published", "withdrawn"])

    again = client.post(url, {"confirm": "1"}, follow=True)
    assert again.status_code == 200
    assert "岗位“仓储分拣员”已撤下，无需重复操作" in again.content.decode()
    assert moves(post) == ["published", "withdrawn"]


@pytest.fixture
def warned(plain_owner):
    return make_post(plain_owner, description="收银员，已婚已育优先")


def test_a_rejection_is_confirmed_with_its_reason(client, street_staff, warned):
    url = reverse("jobs:moderate", args=[warned.pk])
    decision = {"decision": "reject", "reason": "请删去婚育条件"}
    client.force_login(street_staff)

    page = client.post(url, decision)
    assert page.status_code == 200
    assert_shows(
        page.content.decode(),
        "<h1>请确认：不予发布：仓储分拣员</h1>",
        "将对北京丙丁贸易有限公司的“仓储分拣员”岗位作出不予发布决定：岗位不在就业超市展示，"
        "理由记入岗位状态记录，发布人可修改用语后重新提交审核。",
        '<dt>理由</dt><dd class="pre">请删去婚育条件</dd>',
        '<input type="hidden" name="decision" value="reject">',
        '<input type="hidden" name="reason" value="请删去婚育条件">',
        '<button type="submit" class="button button--danger">确认不予发布</button>',
    )
    warned.refresh_from_db()
    assert (warned.status, moves(warned)) == (PostStatus.MODERATION, ["moderation"])

    assert client.post(url, {**decision, "confirm": "1"}).status_code == 302
    warned.refresh_from_db()
    assert (warned.status, moves(warned)) == (PostStatus.REJECTED, ["moderation", "rejected"])

    again = client.post(url, {**decision, "confirm": "1"}, follow=True)
    assert "岗位“仓储分拣员”已处理（未通过审核），无需重复操作" in again.content.decode()
    assert moves(warned) == ["moderation", "rejected"]


def test_publishing_needs_no_confirmation(client, reviewer, warned):
    client.force_login(reviewer)
    response = client.post(reverse("jobs:moderate", args=[warned.pk]), {"decision": "publish", "reason": ""})
    assert (response.status_code, response["Location"]) == (302, reverse("jobs:moderation"))
    warned.refresh_from_db()
    assert warned.status == PostStatus.PUBLISHED
