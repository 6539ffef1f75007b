"""The N17 moderation queue: street staff, reviewers and administrators publish or reject (with a
reason) warned posts; enterprises, agencies and the public may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wengang.accounts.models import Role, User
from wengang.jobs.models import PostStatus

from .conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(plain_owner):
    return make_post(plain_owner, description="收银员，已婚已育优先")


@pytest.mark.parametrize("persona", ["street_staff", "reviewer"])
def test_staff_see_the_queue(client, request, persona, warned):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("jobs:moderation"))
    assert response.status_code == 200
    assert "“已婚”" in response.content.decode()


def test_an_administrator_sees_the_queue(client, db, warned):
    client.force_login(User.objects.create_user(username="admin", password="x-password-1", role=Role.ADMIN))
    assert client.get(reverse("jobs:moderation")).status_code == 200


@pytest.mark.parametrize("persona", ["plain_owner", "key_owner", "agency_user"])
def test_others_are_refused(client, request, persona, warned):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("jobs:moderation")).status_code == 403
    assert client.post(reverse("jobs:moderate", args=[warned.pk]), {"decision": "publish"}).status_code == 403
    warned.refresh_from_db()
    assert warned.status == PostStatus.MODERATION


def test_the_public_is_sent_to_sign_in(client, warned):
    assert client.get(reverse("jobs:moderation")).status_code == 302


def test_a_reviewer_publishes(client, reviewer, warned):
    client.force_login(reviewer)
    client.post(reverse("jobs:moderate", args=[warned.pk]), {"decision": "publish", "reason": ""})
    warned.refresh_from_db()
    assert warned.status == PostStatus.PUBLISHED
    event = warned.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("moderation", "published", reviewer)


def test_rejecting_needs_a_reason(client, street_staff, warned):
    client.force_login(street_staff)
    response = client.post(reverse("jobs:moderate", args=[warned.pk]), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "不予发布须填写理由" in response.content.decode()
    decided = {"decision": "reject", "reason": "请删去婚育条件", "confirm": "1"}
    client.post(reverse("jobs:moderate", args=[warned.pk]), decided)
    warned.refresh_from_db()
    assert warned.status == PostStatus.REJECTED
    assert warned.events.last().reason == "请删去婚育条件"


@pytest.fixture
def wangjing_staff(db):
    from wengang.registry.models import Street

    return User.objects.create_user(
        username="jiexiang_wj", password="x-password-1", role=Role.STREET, street=Street.objects.get(name="望京")
    )


def test_a_street_moderates_only_its_own_streets_posts(client, wangjing_staff, warned):
    """Issue 8, finding 4: a street office moderated a post of a firm in another street. The post
    is 孙河's (workplace in 孙河, firm registered nowhere); 望京's staff neither see nor decide it."""
    client.force_login(wangjing_staff)
    queue = client.get(reverse("jobs:moderation"))
    assert queue.status_code == 200 and warned.title not in queue.content.decode()
    response = client.post(reverse("jobs:moderate", args=[warned.pk]), {"decision": "publish", "reason": ""})
    assert response.status_code == 404
    assert client.get(reverse("jobs:detail", args=[warned.pk])).status_code == 404
    warned.refresh_from_db()
    assert warned.status == PostStatus.MODERATION
