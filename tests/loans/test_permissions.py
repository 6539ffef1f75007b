"""Every loans view × every persona: the borrower and its bank see the loan; reviewers the guarantee queue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import make_user, pdf_upload
from wengang.accounts.models import Role
from wengang.loans.services import extension_request, guarantee_apply

pytestmark = pytest.mark.django_db

VIEWS = ("index", "loan", "extension", "evidence", "bank", "apply", "guarantee", "queue", "extend", "move", "gmove")
MATRIX = {
    "anonymous": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "borrower": (200, 200, 200, 200, 403, 200, 200, 403, 400, 200, 403),
    "stranger": (200, 404, 404, 404, 403, 200, 404, 403, 404, 404, 404),
    "firm_user": (200, 404, 404, 404, 403, 200, 404, 403, 404, 404, 404),
    "bank": (403, 200, 200, 200, 200, 403, 200, 403, 403, 400, 403),
    "other_bank": (403, 404, 404, 404, 200, 403, 404, 403, 404, 404, 404),
    "reviewer": (403, 404, 404, 404, 403, 403, 200, 200, 404, 404, 200),
    "street": (403, 404, 404, 404, 403, 403, 404, 403, 404, 404, 404),
    "admin": (403, 200, 200, 200, 403, 403, 200, 200, 403, 403, 200),
}


@pytest.fixture
def personas(borrower, stranger, firm_user, bank, other_bank, reviewer):
    return {
        "anonymous": None, "borrower": borrower, "stranger": stranger, "firm_user": firm_user, "bank": bank,
        "other_bank": other_bank, "reviewer": reviewer, "street": make_user("jiexiang", Role.STREET),
        "admin": make_user("root", Role.ADMIN),
    }


@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_gets_what_it_may(client, personas, persona, loan, borrower, bank_org):
    request = extension_request(loan=loan, user=borrower, months=6, infected=True, upload=pdf_upload())
    application = guarantee_apply(
        applicant=borrower, bank=bank_org, amount=Decimal("100000"), term_months=12, purpose="书店", lost_income=True
    )
    if personas[persona] is not None:
        client.force_login(personas[persona])
    got = (
        client.get("/loans/").status_code,
        client.get(f"/loans/{loan.pk}/").status_code,
        client.get(f"/loans/extensions/{request.pk}/").status_code,
        client.get(f"/loans/extensions/{request.pk}/evidence/").status_code,
        client.get("/loans/bank/").status_code,
        client.get("/loans/guarantees/apply/").status_code,
        client.get(f"/loans/guarantees/{application.pk}/").status_code,
        client.get("/loans/guarantees/").status_code,
        # a second request while one waits: the borrower is told why (400), others never get that far
        client.post(f"/loans/{loan.pk}/extend/", {"months": "3"}).status_code,
        # the confirmation page of the move each party may make (others are refused or never see it)
        client.post(f"/loans/extensions/{request.pk}/move/withdrawn/").status_code,
        client.post(f"/loans/guarantees/{application.pk}/move/approved/").status_code,
    )
    assert dict(zip(VIEWS, got, strict=True)) == dict(zip(VIEWS, MATRIX[persona], strict=True))
