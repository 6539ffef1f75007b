"""POST /api/v1/jobs/posts: the N17 check and its findings, who may post, idempotency."""

from __future__ import annotations

import pytest

from wengang.jobs.models import JobPost, PostStatus

from ..jobs.conftest import api_body as post_body
from .conftest import ApiClient, api_as, assert_error, key_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/jobs/posts"


def test_an_enterprise_posts_for_itself(key_owner):
    response = api_as(key_owner).post(URL, post_body())
    assert response.status_code == 201
    post = JobPost.objects.get()
    assert response.json() == {
        "id": post.pk, "status": "published", "status_label": "已发布",
        "url": f"http://testserver/jobs/{post.pk}/", "findings": [],
    }
    assert post.organisation == key_owner.organisation


def test_wording_to_check_goes_to_moderation_with_its_findings(key_owner):
    response = api_as(key_owner).post(URL, post_body(description="负责分拣，限男性。"))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == PostStatus.MODERATION and body["findings"][0]["category"] == "gender"


def test_forbidden_wording_is_refused_with_findings(key_owner):
    response = api_as(key_owner).post(URL, post_body(description="湖北籍人员勿扰。"))
    body = assert_error(response, 422, "wording_refused")
    assert body["message"] == "岗位描述含有不得发布的用语（N17）"
    assert body["findings"][0]["category_label"] == "疫情地区"
    assert JobPost.objects.count() == 0


def test_invalid_fields_are_named(key_owner):
    body = assert_error(api_as(key_owner).post(URL, post_body(pay_min="6000", pay_max="5000")), 400, "invalid")
    assert "pay_max" in body["errors"]


@pytest.mark.parametrize("persona", ["agency_user", "reviewer"])
def test_other_roles_are_refused(request, persona):
    assert_error(api_as(request.getfixturevalue(persona)).post(URL, post_body()), 403, "forbidden")
    assert JobPost.objects.count() == 0


def test_street_staff_post_for_an_enterprise(street_staff, key_firm):
    response = api_as(street_staff).post(URL, {**post_body(), "organisation": key_firm.uscc})
    assert response.status_code == 201
    assert JobPost.objects.get().on_behalf_street == street_staff.street


def test_no_key_and_a_revoked_key_are_refused(key_owner):
    assert_error(api_as(None).post(URL, post_body()), 401, "unauthenticated")
    client = api_as(key_owner)
    key_owner.api_tokens.update(revoked_at="2020-06-01T00:00:00Z")
    assert_error(client.post(URL, post_body()), 401, "unauthenticated")
    assert JobPost.objects.count() == 0


def test_the_same_idempotency_key_and_body_replays_the_first_answer(key_owner):
    client = api_as(key_owner)
    first = client.post(URL, post_body(), headers={"Idempotency-Key": "order-1"})
    again = client.post(URL, post_body(), headers={"Idempotency-Key": "order-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert JobPost.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict(key_owner):
    client = api_as(key_owner)
    client.post(URL, post_body(), headers={"Idempotency-Key": "order-1"})
    body = assert_error(client.post(URL, post_body(title="理货员"), headers={"Idempotency-Key": "order-1"}), 409)
    assert body == {"code": "idempotency_conflict", "message": "该幂等键（Idempotency-Key）已用于内容不同的请求，请换一个键"}
    assert JobPost.objects.count() == 1


def test_idempotency_keys_belong_to_one_token(key_owner, colleague):
    api_as(key_owner).post(URL, post_body(), headers={"Idempotency-Key": "order-1"})
    response = ApiClient(key_for(colleague)).post(URL, post_body(title="理货员"), headers={"Idempotency-Key": "order-1"})
    assert response.status_code == 201
    assert JobPost.objects.count() == 2


def test_a_refused_post_does_not_use_up_the_key(key_owner):
    client = api_as(key_owner)
    assert client.post(URL, post_body(description="湖北籍人员勿扰。"), headers={"Idempotency-Key": "k"}).status_code == 422
    assert client.post(URL, post_body(), headers={"Idempotency-Key": "k"}).status_code == 201
