"""The Chinese error pages: 400, 403, 404 (also with DEBUG on), 413, 429, in the site layout with a way back."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from wengang.accounts.models import Role, User
from wengang.ops.errors import too_many_requests

pytestmark = pytest.mark.django_db


def _page(response) -> str:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_an_unknown_url_is_the_chinese_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    body = _page(response)
    assert response.status_code == 404
    assert "页面不存在" in body and "返回首页" in body
    assert "site-header" in body  # the site layout


@override_settings(DEBUG=True)
def test_with_debug_on_an_unknown_url_does_not_list_the_url_patterns(client: Client) -> None:
    response = client.get("/no-such-page/")
    body = _page(response)
    assert response.status_code == 404
    assert "页面不存在" in body
    assert "URLconf" not in body and "hall/" not in body


@override_settings(DEBUG=True)
def test_with_debug_on_a_missing_record_is_the_chinese_404_page(client: Client) -> None:
    response = client.get("/jobs/999999/")
    assert response.status_code == 404
    assert "页面不存在" in _page(response)


def test_a_page_the_role_cannot_use_is_the_chinese_403_page_with_a_way_back(client: Client) -> None:
    client.force_login(User.objects.create_user("geren-x", password="x", role=Role.INDIVIDUAL))
    response = client.get("/jobs/manage/")
    body = _page(response)
    assert response.status_code == 403
    assert "无权访问此页面" in body and "返回我的办事" in body
    assert "Forbidden" not in body


def test_a_bad_host_is_the_chinese_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求无法处理" in _page(response)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_request_body_over_the_limit_is_the_chinese_413_page(client: Client) -> None:
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "上传的内容过大" in _page(response)


def test_the_429_page_says_how_long_to_wait() -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = too_many_requests(request, 30)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert "操作过于频繁" in response.content.decode() and "30 秒" in response.content.decode()


def test_a_form_posted_without_its_token_is_told_to_submit_again_in_chinese() -> None:
    """Django's own CSRF page said "403 Forbidden", "CSRF验证失败" and "DEBUG＝True"."""
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "qiye", "password": "x"})
    body = _page(response)
    assert response.status_code == 403
    assert "页面已过期，请重新提交" in body and "刷新后重新填写提交" in body and "返回首页" in body
    assert "site-header" in body
    assert "CSRF" not in body and "DEBUG" not in body and "Forbidden" not in body
