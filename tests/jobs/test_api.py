"""The partners' JSON API: token or session (with CSRF); enterprises and street staff only; N17 applies."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from wengang.api.services import token_create as api_token_create
from wengang.jobs.models import JobPost, PostStatus

from .conftest import api_body

pytestmark = pytest.mark.django_db
URL = "/jobs/api/posts/"


def body(**overrides):
    return json.dumps(api_body(**overrides), ensure_ascii=False)


def test_url_name():
    assert reverse("jobs:api_posts") == URL


def test_a_token_creates_a_post(client, key_owner):
    _, key = api_token_create(user=key_owner, name="物美招聘系统")
    response = client.post(URL, body(), content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 201
    post = JobPost.objects.get()
    assert response.json()["status"] == "published"
    assert post.organisation == key_owner.organisation


def test_blocked_wording_is_refused_with_findings(client, key_owner):
    _, key = api_token_create(user=key_owner, name="x")
    response = client.post(
        URL, body(description="不招疫区人员"), content_type="application/json", headers={"Authorization": f"Token {key}"}
    )
    assert response.status_code == 422
    assert response.json()["findings"][0]["category_label"] == "疫情地区"
    assert JobPost.objects.count() == 0


def test_warned_wording_goes_to_moderation(client, key_owner):
    _, key = api_token_create(user=key_owner, name="x")
    response = client.post(
        URL, body(description="35岁以下"), content_type="application/json", headers={"Authorization": f"Token {key}"}
    )
    assert response.status_code == 201
    assert JobPost.objects.get().status == PostStatus.MODERATION


def test_a_bad_token_is_refused(client):
    response = client.post(URL, body(), content_type="application/json", headers={"Authorization": "Token nope"})
    assert response.status_code == 401


def test_invalid_fields_are_listed(client, key_owner):
    _, key = api_token_create(user=key_owner, name="x")
    response = client.post(
        URL, body(pay_max="1.00"), content_type="application/json", headers={"Authorization": f"Token {key}"}
    )
    assert response.status_code == 400
    assert "pay_max" in response.json()["errors"]


def test_a_session_needs_the_csrf_token(key_owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(key_owner)
    assert browser.post(URL, body(), content_type="application/json").status_code == 403
    browser.get("/jobs/manage/new/")
    token = browser.cookies["csrftoken"].value
    response = browser.post(URL, body(), content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_street_staff_name_the_enterprise(client, street_staff, plain_firm, sunhe):
    _, key = api_token_create(user=street_staff, name="街乡")
    data = json.loads(body())
    data["organisation"] = plain_firm.uscc
    response = client.post(URL, json.dumps(data), content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 201
    assert JobPost.objects.get().on_behalf_street == sunhe


@pytest.mark.parametrize("persona", ["agency_user", "reviewer"])
def test_other_roles_are_refused(client, request, persona):
    _, key = api_token_create(user=request.getfixturevalue(persona), name="x")
    response = client.post(URL, body(), content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 403


def test_a_street_token_posts_only_its_own_streets_vacancies(client, street_staff, plain_firm):
    """Issue 8, finding 4: 孙河's token published a post of a firm registered elsewhere, for a
    workplace elsewhere (望京)."""
    _, key = api_token_create(user=street_staff, name="街乡")
    data = json.loads(body())
    data.update(organisation=plain_firm.uscc, street="望京")
    response = client.post(URL, json.dumps(data), content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "街乡只能代发本街乡的岗位：北京丙丁贸易有限公司不在孙河登记，工作地点也不在孙河"
    }
    assert JobPost.objects.count() == 0


def test_a_street_token_posts_urgent_only_for_key_enterprises_registered_there(client, key_firm, plain_firm):
    from wengang.accounts.models import Role, User
    from wengang.registry.models import Street

    wangjing = User.objects.create_user(
        username="jiexiang_wj", password="x", role=Role.STREET, street=Street.objects.get(name="望京")
    )
    _, key = api_token_create(user=wangjing, name="街乡")
    data = json.loads(body())
    data.update(organisation=key_firm.uscc, street="望京", urgent=True)  # 物美 is registered in 孙河
    response = client.post(URL, json.dumps(data), content_type="application/json", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 400
    assert response.json()["error"] == "街乡只能代本街乡登记的重点企业发布急聘岗位；北京物美商业集团孙河物流配送中心不在望京登记"
    assert JobPost.objects.count() == 0
