"""Every graduates view × every persona: the three parties see their agreement, nobody else learns it exists."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.graduates.models import Status
from wengang.graduates.services import agreement_move

pytestmark = pytest.mark.django_db

# persona → status per view; 302 = sent to sign in; 404 = not theirs; the PDF exists once signed
MATRIX = {
    "anonymous": {"index": 302, "offer": 302, "detail": 302, "pdf": 302, "move": 302},
    "employer": {"index": 200, "offer": 200, "detail": 200, "pdf": 200, "move": 302},
    "rival": {"index": 200, "offer": 200, "detail": 404, "pdf": 404, "move": 404},
    "graduate": {"index": 200, "offer": 403, "detail": 200, "pdf": 200, "move": 302},
    "stranger": {"index": 200, "offer": 403, "detail": 404, "pdf": 404, "move": 404},
    "school": {"index": 200, "offer": 403, "detail": 200, "pdf": 200, "move": 302},
    "other_school": {"index": 200, "offer": 403, "detail": 404, "pdf": 404, "move": 404},
    "street": {"index": 403, "offer": 403, "detail": 404, "pdf": 404, "move": 404},
    "reviewer": {"index": 403, "offer": 403, "detail": 404, "pdf": 404, "move": 404},
    "admin": {"index": 200, "offer": 403, "detail": 200, "pdf": 200, "move": 403},
}


@pytest.fixture
def personas(employer, rival, graduate, stranger, school, other_school):
    return {
        "anonymous": None,
        "employer": employer,
        "rival": rival,
        "graduate": graduate,
        "stranger": stranger,
        "school": school,
        "other_school": other_school,
        "street": make_user("jiexiang", Role.STREET),
        "reviewer": make_user("reviewer", Role.REVIEWER),
        "admin": make_user("root", Role.ADMIN),
    }


@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_gets_what_it_may(client, personas, persona, agreement, graduate, school):
    agreement_move(agreement=agreement, to=Status.ACCEPTED, actor=graduate)
    agreement_move(agreement=agreement, to=Status.SIGNED, actor=school)
    if personas[persona] is not None:
        client.force_login(personas[persona])
    got = {
        "index": client.get("/graduates/").status_code,
        "offer": client.get("/graduates/offer/").status_code,
        "detail": client.get(f"/graduates/{agreement.pk}/").status_code,
        "pdf": client.get(f"/graduates/{agreement.pk}/agreement.pdf").status_code,
        # a move on a signed agreement: the parties are told it is done (redirect), others never see it
        "move": client.post(f"/graduates/{agreement.pk}/move/signed/").status_code,
    }
    assert got == MATRIX[persona]
