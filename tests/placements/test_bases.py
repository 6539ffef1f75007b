"""Internship bases: enterprises apply, 公共服务中心 approves; graduates see approved bases' posts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wengang.placements.models import InternshipBase
from wengang.placements.services import PlacementError, base_apply, base_decide

from .conftest import make_post

pytestmark = pytest.mark.django_db

FORM = {
    "posts_offered": "行政助理\n数据分析助理",
    "capacity": "6",
    "mentor_name": "王老师",
    "mentor_phone": "010-87654321",
    "address": "朝阳区望京街10号",
}


def apply(user) -> InternshipBase:
    return base_apply(
        user=user, posts_offered="行政助理", capacity=6, mentor_name="王老师", mentor_phone="010-1", address="望京"
    )


def test_an_enterprise_applies_on_the_page(client, wumei_user, public_service):
    client.force_login(wumei_user)
    response = client.post(reverse("placements:base_new"), FORM)
    record = InternshipBase.objects.get()
    assert response.status_code == 302
    assert (record.status, record.capacity, record.organisation_id) == ("pending", 6, wumei_user.organisation_id)
    assert public_service.notifications.count() == 1


def test_a_second_live_application_is_refused(wumei_user):
    apply(wumei_user)
    with pytest.raises(PlacementError, match="待审核"):
        apply(wumei_user)


def test_public_service_approves(client, wumei_user, public_service):
    record = apply(wumei_user)
    client.force_login(public_service)
    url = reverse("placements:base_move", args=[record.pk, "approved"])
    assert client.post(url, {"confirm": "1"}).status_code == 302
    record.refresh_from_db()
    assert record.status == "approved"
    assert wumei_user.notifications.get().title == "就业见习基地申请已认定"


def test_a_rejection_needs_a_reason(wumei_user, public_service):
    record = apply(wumei_user)
    with pytest.raises(PlacementError, match="须填写理由"):
        base_decide(internship_base=record, to="rejected", actor=public_service)
    base_decide(internship_base=record, to="rejected", actor=public_service, comment="带教条件不足")
    assert record.status == "rejected"


@pytest.mark.parametrize("persona", ["other_reviewer", "agency_user"])
def test_others_cannot_decide(client, wumei_user, persona, request):
    record = apply(wumei_user)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("placements:base_move", args=[record.pk, "approved"]))
    assert response.status_code in (403, 404)
    record.refresh_from_db()
    assert record.status == "pending"


def test_the_enterprise_cannot_approve_itself(client, wumei_user):
    record = apply(wumei_user)
    client.force_login(wumei_user)
    assert client.post(reverse("placements:base_move", args=[record.pk, "approved"])).status_code == 403


def test_another_enterprise_cannot_see_the_base(client, wumei_user, jingkelong_user):
    record = apply(wumei_user)
    client.force_login(jingkelong_user)
    assert client.get(reverse("placements:base", args=[record.pk])).status_code == 404


def test_graduates_see_internship_posts_of_approved_bases_only(
    client, wumei, wumei_user, jingkelong, jingkelong_user, public_service
):
    base_decide(internship_base=apply(wumei_user), to="approved", actor=public_service)
    apply(jingkelong_user)  # still pending
    make_post(wumei, "见习行政助理", internship=True)
    make_post(jingkelong, "见习理货员", internship=True)
    make_post(wumei, "正式岗位", internship=False)
    page = client.get(reverse("placements:internships")).content.decode()
    assert "见习行政助理" in page
    assert "见习理货员" not in page
    assert "正式岗位" not in page
    assert "5,000.00 元" in page


def test_the_pages_render_for_each_side(client, wumei_user, public_service):
    record = apply(wumei_user)
    client.force_login(wumei_user)
    assert client.get(reverse("placements:bases")).status_code == 200
    assert client.get(reverse("placements:base_new")).status_code == 200
    assert "认定为见习基地" not in client.get(reverse("placements:base", args=[record.pk])).content.decode()
    client.force_login(public_service)
    assert record.organisation.name in client.get(reverse("placements:bases")).content.decode()
    assert "认定为见习基地" in client.get(reverse("placements:base", args=[record.pk])).content.decode()


def test_a_refused_application_answers_400_with_the_users_data(client, wumei_user):
    client.force_login(wumei_user)
    response = client.post(reverse("placements:base_new"), {**FORM, "capacity": "很多"})
    assert response.status_code == 400
    assert 'value="朝阳区望京街10号"' in response.content.decode()
    assert not InternshipBase.objects.exists()
