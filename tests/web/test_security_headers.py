"""Headers every response carries, and those of signed-in pages (issue 8, finding 19)."""

from __future__ import annotations

import pytest
from django.test import Client

from wengang.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def make(username: str, role: str) -> User:
    return User.objects.create_user(username=username, password="x-password-1", role=role)


def test_every_page_has_a_permissions_policy(client):
    response = client.get("/")
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_a_public_page_may_be_cached_but_a_signed_in_page_may_not(client):
    assert "no-store" not in client.get("/jobs/").get("Cache-Control", "")
    client.force_login(make("person", Role.INDIVIDUAL))
    assert "no-store" in client.get("/jobs/")["Cache-Control"]
    assert "no-store" in client.get("/accounts/")["Cache-Control"]


def test_a_download_is_not_stored_even_without_a_session(rf):
    from django.http import HttpResponse

    from wengang.config.security import SignedInMiddleware

    def download(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = "attachment; filename=a.pdf"
        return response

    request = rf.get("/x")
    assert "no-store" in SignedInMiddleware(download)(request)["Cache-Control"]
    assert "Cache-Control" not in SignedInMiddleware(lambda r: HttpResponse(b"page"))(rf.get("/y"))


def test_the_session_cookie_is_secure_whenever_served_over_https(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    make("person", Role.INDIVIDUAL)
    browser = Client()
    plain = browser.post("/accounts/login/", {"username": "person", "password": "x-password-1"})
    assert plain.status_code == 302 and not plain.cookies["sessionid"]["secure"]
    browser = Client()
    secure = browser.post("/accounts/login/", {"username": "person", "password": "x-password-1"}, secure=True)
    assert secure.status_code == 302 and secure.cookies["sessionid"]["secure"] is True


def test_staff_sessions_are_shorter_than_applicants(client, settings):
    settings.STAFF_SESSION_SECONDS = 3600
    client.force_login(make("shenhe", Role.REVIEWER))
    client.get("/accounts/")
    assert client.session.get_expiry_age() == 3600
    applicant = Client()
    applicant.force_login(make("person", Role.INDIVIDUAL))
    applicant.get("/accounts/")
    assert applicant.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
