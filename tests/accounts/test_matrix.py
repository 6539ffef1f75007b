"""Who may open the account pages: every view × every role (and anonymous visitors)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PERSONAS = ["enterprise_user", "agency_user", "individual", "street_staff", "reviewer", "municipal", "administrator"]
STAFF = {"street_staff", "reviewer", "municipal", "administrator"}

VIEWS = {
    "/accounts/": lambda persona: 200,
    "/accounts/login/": lambda persona: 200,
    "/accounts/logout/": lambda persona: 200,
    "/accounts/totp/": lambda persona: 200 if persona in STAFF else 403,
    "/admin/registry/organisation/import/": lambda persona: 200 if persona == "administrator" else 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(VIEWS))
def test_who_may_open_what(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    r = client.get(url, follow=True)
    assert r.status_code == VIEWS[url](persona)


@pytest.mark.parametrize(
    "url,target",
    [
        ("/accounts/", "/accounts/login/?next=/accounts/"),
        ("/accounts/totp/", "/accounts/login/"),
        ("/admin/registry/organisation/import/", "/admin/login/?next=/admin/registry/organisation/import/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url, target):
    r = client.get(url)
    assert r.status_code == 302 and r["Location"] == target
