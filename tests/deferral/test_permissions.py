"""Every deferral view × every persona: who gets the page, who is refused, who never learns it exists."""

from __future__ import annotations

import pytest

from wengang.accounts.models import Role
from wengang.deferral.services import deferral_file

from .conftest import make_user

pytestmark = pytest.mark.django_db

# persona → expected status per view; 302 = sent to sign in, 404 = another unit's / industry's object
MATRIX = {
    "anonymous": {"status": 302, "queue": 302, "detail": 302, "back_payment": 200},
    "owner": {"status": 200, "queue": 403, "detail": 200, "back_payment": 200},
    "outsider": {"status": 200, "queue": 403, "detail": 404, "back_payment": 200},
    "authority": {"status": 403, "queue": 200, "detail": 200, "back_payment": 200},
    "other_authority": {"status": 403, "queue": 200, "detail": 404, "back_payment": 200},
    "reviewer": {"status": 403, "queue": 403, "detail": 404, "back_payment": 200},
    "admin": {"status": 403, "queue": 403, "detail": 200, "back_payment": 200},
}


@pytest.fixture
def personas(owner, outsider, authority, other_authority):
    return {
        "anonymous": None,
        "owner": owner,
        "outsider": outsider,
        "authority": authority,
        "other_authority": other_authority,
        "reviewer": make_user("reviewer", Role.REVIEWER),
        "admin": make_user("root", Role.ADMIN),
    }


@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_gets_what_it_may(client, personas, persona, owner, acme):
    app = deferral_file(organisation=acme, applicant=owner, industry="catering")
    urls = {
        "status": "/deferral/",
        "queue": "/deferral/queue/",
        "detail": f"/deferral/applications/{app.pk}/",
        "back_payment": "/deferral/back-payment/",
    }
    if personas[persona] is not None:
        client.force_login(personas[persona])
    got = {view: client.get(url).status_code for view, url in urls.items()}
    assert got == MATRIX[persona]
