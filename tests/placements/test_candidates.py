"""Job seekers apply, staff and agencies recommend; one transition service moves each candidacy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import id_number, make_user
from wengang.accounts.models import Role
from wengang.placements.models import Candidacy
from wengang.placements.services import PlacementError, candidacy_apply, candidacy_move, candidacy_recommend

from .conftest import make_post

pytestmark = pytest.mark.django_db


def test_a_job_seeker_applies_once(seeker, wumei_post):
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    assert (candidacy.status, candidacy.name, candidacy.seeker) == ("applied", "刘洋", seeker)
    with pytest.raises(PlacementError, match="已投递"):
        candidacy_apply(user=seeker, post=wumei_post)


def test_an_unpublished_post_takes_no_candidates(seeker, wumei):
    draft = make_post(wumei, "草稿岗位", published=False)
    with pytest.raises(PlacementError):
        candidacy_apply(user=seeker, post=draft)


def test_an_agency_recommends_with_a_valid_id_number(agency_user, wumei_post):
    with pytest.raises(PlacementError, match="身份证号码无效"):
        candidacy_recommend(user=agency_user, post=wumei_post, name="张三", id_number="110105198001010010")
    candidacy = candidacy_recommend(user=agency_user, post=wumei_post, name="张三", id_number=id_number(3))
    assert (candidacy.status, candidacy.agency_id) == ("recommended", agency_user.organisation_id)


def test_the_employer_moves_a_candidate_to_hired(agency_user, wumei_user, wumei_post):
    candidacy = candidacy_recommend(user=agency_user, post=wumei_post, name="张三", id_number=id_number(3))
    candidacy_move(candidacy=candidacy, to="interviewing", actor=wumei_user)
    candidacy_move(candidacy=candidacy, to="hired", actor=wumei_user)
    assert [c.to_status for c in candidacy.changes.all()] == ["interviewing", "hired"]
    assert agency_user.notifications.count() == 2


def test_the_recommender_cannot_hire_and_the_employer_cannot_withdraw(agency_user, wumei_user, wumei_post):
    candidacy = candidacy_recommend(user=agency_user, post=wumei_post, name="张三", id_number=id_number(3))
    with pytest.raises(PlacementError, match="您不能办理"):
        candidacy_move(candidacy=candidacy, to="interviewing", actor=agency_user)
    with pytest.raises(PlacementError, match="您不能办理"):
        candidacy_move(candidacy=candidacy, to="withdrawn", actor=wumei_user)
    candidacy_move(candidacy=candidacy, to="withdrawn", actor=agency_user)
    assert candidacy.status == "withdrawn"


def test_hired_is_final(seeker, wumei_user, wumei_post):
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    candidacy_move(candidacy=candidacy, to="interviewing", actor=wumei_user)
    candidacy_move(candidacy=candidacy, to="hired", actor=wumei_user)
    with pytest.raises(PlacementError, match="不能变更为"):
        candidacy_move(candidacy=candidacy, to="withdrawn", actor=seeker)


def test_street_staff_recommend_on_the_page(client, wumei_post):
    staff = make_user("jiexiang", Role.STREET, street=wumei_post.street)
    client.force_login(staff)
    response = client.post(
        reverse("placements:recommend", args=[wumei_post.pk]), {"name": "李四", "id_number": id_number(4)}
    )
    assert response.status_code == 302
    page = client.get(reverse("placements:post", args=[wumei_post.pk])).content.decode()
    assert "李四" in page
    assert id_number(4) not in page
    assert "110105********" + id_number(4)[-4:] in page


def test_the_seeker_applies_on_the_page(client, seeker, wumei_post):
    client.force_login(seeker)
    assert "投递该岗位" in client.get(reverse("placements:post", args=[wumei_post.pk])).content.decode()
    client.post(reverse("placements:apply", args=[wumei_post.pk]))
    assert Candidacy.objects.get().seeker == seeker


def test_another_enterprise_cannot_see_the_candidates(client, seeker, wumei_post, jingkelong_user):
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    client.force_login(jingkelong_user)
    assert client.get(reverse("placements:post", args=[wumei_post.pk])).status_code == 404
    assert client.post(reverse("placements:candidacy_move", args=[candidacy.pk, "interviewing"])).status_code == 404


def test_an_enterprise_cannot_recommend(client, wumei_user, wumei_post):
    client.force_login(wumei_user)
    response = client.post(
        reverse("placements:recommend", args=[wumei_post.pk]), {"name": "李四", "id_number": id_number(4)}
    )
    assert response.status_code == 403


def test_the_seeker_follows_their_applications(client, seeker, wumei_post):
    candidacy_apply(user=seeker, post=wumei_post)
    client.force_login(seeker)
    page = client.get(reverse("placements:candidates")).content.decode()
    assert wumei_post.title in page
    assert "已投递" in page
