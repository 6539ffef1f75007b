"""Posting: the form runs N17 (blocked → refused with findings; warned → moderation), 急聘 for key
enterprises only, street staff post on an enterprise's behalf, nobody edits another's post."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.asserts import assert_shows
from wengang.jobs.models import JobPost, PostStatus

from .conftest import TODAY, form_data, make_post

pytestmark = pytest.mark.django_db


def test_an_enterprise_publishes_a_clean_post(client, plain_owner, plain_firm):
    client.force_login(plain_owner)
    response = client.post(reverse("jobs:new"), form_data(title="收银员"))
    post = JobPost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[post.pk])
    assert post.organisation == plain_firm
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at is not None
    assert [(e.from_status, e.to_status) for e in post.events.all()] == [("draft", "published")]


def refused(client, user, description: str) -> str:
    """The new-post page after ``user`` posts ``description``: shown again (200), nothing saved."""
    client.force_login(user)
    response = client.post(reverse("jobs:new"), form_data(description=description))
    assert response.status_code == 200
    assert JobPost.objects.count() == 0
    return response.content.decode()


def test_blocked_wording_is_refused_with_the_findings_in_chinese(client, plain_owner):
    page = refused(client, plain_owner, "分拣货物。湖北籍勿扰")
    assert_shows(page, "岗位未保存：含有不得发布的用语（N17 就业歧视）", "“湖北籍勿扰”", "建议")
    assert 'value="仓储分拣员"' in page  # the user's input is kept


def test_an_inclusive_post_is_published_at_once(client, plain_owner):
    client.force_login(plain_owner)
    client.post(reverse("jobs:new"), form_data(description="分拣货物。不限户籍，男女不限；已婚员工可申请夫妻房"))
    post = JobPost.objects.get()
    assert post.status == PostStatus.PUBLISHED
    assert post.wording_findings == []


def test_a_refusal_in_new_words_is_refused_and_the_words_kept(client, plain_owner):
    page = refused(client, plain_owner, "分拣货物，近期去过武汉的请勿投递")
    assert "<strong>“武汉的请勿投递”</strong> · 疫情地区" in page
    assert "近期去过武汉的请勿投递</textarea>" in page


def test_warned_wording_waits_for_moderation(client, plain_owner):
    client.force_login(plain_owner)
    client.post(reverse("jobs:new"), form_data(description="收银，女士优先"))
    post = JobPost.objects.get()
    assert post.status == PostStatus.MODERATION
    assert post.published_at is None
    assert [f["category"] for f in post.wording_findings] == ["gender"]


def test_a_non_key_enterprise_cannot_post_urgent(client, plain_owner):
    client.force_login(plain_owner)
    response = client.post(reverse("jobs:new"), form_data(urgent=True))
    assert response.status_code == 200
    assert "只有重点企业" in response.content.decode()
    assert JobPost.objects.count() == 0


def test_a_key_enterprise_posts_urgent(client, key_owner):
    client.force_login(key_owner)
    client.post(reverse("jobs:new"), form_data(urgent=True))
    assert JobPost.objects.get().urgent is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pay_min": Decimal("7000.00")}, "月薪上限（6,500.00 元）不能低于下限（7,000.00 元）"),
        ({"deadline": TODAY}, "截止日期须晚于今天（2020-06-01）"),
        ({"contact_phone": "打电话"}, "请填写有效的联系电话"),
    ],
)
def test_it_validates_the_post(client, plain_owner, overrides, message):
    client.force_login(plain_owner)
    response = client.post(reverse("jobs:new"), form_data(**overrides))
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert JobPost.objects.count() == 0


def test_street_staff_post_on_an_enterprises_behalf(client, street_staff, plain_firm, sunhe):
    client.force_login(street_staff)
    response = client.post(reverse("jobs:new"), {**form_data(), "organisation": plain_firm.pk})
    post = JobPost.objects.get()
    assert response.status_code == 302
    assert (post.organisation, post.on_behalf_street, post.posted_by) == (plain_firm, sunhe, street_staff)
    client.force_login(street_staff)
    assert client.get(reverse("jobs:edit", args=[post.pk])).status_code == 200


def test_an_enterprise_cannot_edit_another_enterprises_post(client, key_owner, plain_owner):
    post = make_post(key_owner)
    client.force_login(plain_owner)
    assert client.get(reverse("jobs:edit", args=[post.pk])).status_code == 404
    assert client.post(reverse("jobs:edit", args=[post.pk]), form_data(title="改")).status_code == 404
    assert client.post(reverse("jobs:withdraw", args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert post.title == "仓储分拣员"


def test_editing_reruns_the_check(client, plain_owner):
    post = make_post(plain_owner)
    client.force_login(plain_owner)
    client.post(reverse("jobs:edit", args=[post.pk]), form_data(description="仓储分拣，35岁以下"))
    post.refresh_from_db()
    assert post.status == PostStatus.MODERATION
    response = client.post(reverse("jobs:edit", args=[post.pk]), form_data(description="不招疫区人员"))
    assert "“不招疫区人员”" in response.content.decode()
    post.refresh_from_db()
    assert post.description == "仓储分拣，35岁以下"


@pytest.mark.parametrize("persona", ["agency_user", "reviewer"])
def test_only_enterprises_and_street_staff_post(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("jobs:new")).status_code == 403


def test_the_public_sees_live_posts_but_not_others(client, plain_owner):
    live = make_post(plain_owner)
    waiting = make_post(plain_owner, description="限男性")
    assert client.get(reverse("jobs:detail", args=[live.pk])).status_code == 200
    assert client.get(reverse("jobs:detail", args=[waiting.pk])).status_code == 404
    client.force_login(plain_owner)
    assert client.get(reverse("jobs:detail", args=[waiting.pk])).status_code == 200


def test_the_poster_has_a_qr_code_and_print_styles(client, key_owner):
    post = make_post(key_owner, urgent=True)
    response = client.get(reverse("jobs:poster", args=[post.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert_shows(page, 'src="data:image/svg+xml;base64,', f"http://testserver/jobs/{post.pk}/", "急 聘")
    assert "<script" not in page and "style=" not in page


def test_withdrawing_records_an_event(client, plain_owner):
    post = make_post(plain_owner)
    client.force_login(plain_owner)
    client.post(reverse("jobs:withdraw", args=[post.pk]), {"confirm": "1"})
    post.refresh_from_db()
    assert post.status == PostStatus.WITHDRAWN
    assert post.events.last().to_status == "withdrawn"


def test_deadline_is_in_the_future_per_the_service_clock(settings, client, plain_owner):
    settings.WENGANG_TODAY = "2020-07-01"
    client.force_login(plain_owner)
    response = client.post(reverse("jobs:new"), form_data(deadline=dt.date(2020, 6, 30)))
    assert "截止日期须晚于今天（2020-07-01）" in response.content.decode()
