"""Who may open what in the individuals' services: every view × every role. A person sees only
their own registration and claim; a street office only its street's; a firm only its 就业登记
page; anonymous visitors only the sign-up and password pages. A new view without a row fails
``test_every_view_has_expectations``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from tests.factories import id_number, make_user, pdf_bytes, street
from wengang.accounts.models import Role
from wengang.individuals import services
from wengang.individuals.models import RegistrationStatus
from wengang.individuals.workflow import registration_transition

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "person", "other_person", "office", "other_office", "enterprise", "reviewer", "admin")


@pytest.fixture
def world(person, office, other_office, firm_user):
    from tests.factories import make_reviewer

    reg = services.registration_file(
        person=person,
        last_employer="北京旧单位有限公司",
        separation_date=dt.date(2020, 4, 30),
        separation_reason="dismissed",
        job_wishes="收银员",
    )
    material = services.material_attach(registration=reg, upload=SimpleUploadedFile("z.pdf", pdf_bytes()), user=person)
    registration_transition(registration=reg, to=RegistrationStatus.REGISTERED, actor=office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    users = {
        "person": person,
        "other_person": make_user("13800000009", Role.INDIVIDUAL, id_number=id_number(502), street=street("孙河")),
        "office": office,
        "other_office": other_office,
        "enterprise": firm_user,
        "reviewer": make_reviewer(),
        "admin": make_user("root", Role.ADMIN),
    }
    return {"users": users, "reg": reg.pk, "claim": claim.pk, "material": material.pk, "list": "claims"}


OK, DENIED, HIDDEN, LOGIN = 200, 403, 404, "login"
PUBLIC = dict.fromkeys(ROLES, OK)
PERSON_ONLY = {r: DENIED for r in ROLES} | {"anonymous": LOGIN, "person": OK, "other_person": OK}
CASE = {r: HIDDEN for r in ROLES} | {"anonymous": LOGIN, "person": OK, "office": OK, "admin": OK}
OFFICE = {r: DENIED for r in ROLES} | {"anonymous": LOGIN, "office": OK, "other_office": OK, "admin": OK}
FIRM = {r: DENIED for r in ROLES} | {"anonymous": LOGIN, "enterprise": OK}

#: url name → (args from the world, expected status by role) for a GET
EXPECTED = {
    "signup": ((), PUBLIC),
    "password_reset": ((), PUBLIC),
    "password_reset_done": ((), PUBLIC),
    "password_reset_complete": ((), PUBLIC),
    "home": ((), PERSON_ONLY),
    "register": ((), PERSON_ONLY),
    "claim_new": ((), PERSON_ONLY),
    "registration": (("reg",), CASE),
    "material": (("material",), CASE),
    "claim": (("claim",), CASE),
    "queue": ((), OFFICE),
    "queue_export": (("list",), OFFICE),
    "hire": ((), FIRM),
}
#: pages that only take a POST (a GET is refused for everyone), and pages needing a state first
POST_ONLY = {"registration_proof", "registration_move", "claim_move", "claim_pay"}
NEEDS_STATE = {"signup_code", "password_reset_confirm"}


def test_every_view_has_expectations():
    resolver = get_resolver().namespace_dict["individuals"][1]
    ours = {n for n in resolver.reverse_dict if isinstance(n, str)}
    assert ours == set(EXPECTED) | POST_ONLY | NEEDS_STATE


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_who_may_open_each_page(client, world, name, role):
    keys, by_role = EXPECTED[name]
    expected = by_role[role]
    url = reverse(f"individuals:{name}", args=[world[k] for k in keys])
    if role != "anonymous":
        client.force_login(world["users"][role])
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["other_person", "other_office", "enterprise", "reviewer"])
def test_only_the_street_office_may_decide_a_claim(client, world, role):
    client.force_login(world["users"][role])
    response = client.post(reverse("individuals:claim_move", args=[world["claim"], "approved"]), {"confirm": "1"})
    assert response.status_code in (403, 404)
    assert client.post(reverse("individuals:claim_pay", args=[world["claim"]])).status_code in (403, 404)


def test_the_person_may_not_decide_their_own_claim(client, world):
    client.force_login(world["users"]["person"])
    response = client.post(reverse("individuals:claim_move", args=[world["claim"], "approved"]), {"confirm": "1"})
    assert response.status_code == 400
    assert "您不能办理“核准”" in response.content.decode()


def test_another_person_may_not_upload_to_a_registration(client, world):
    client.force_login(world["users"]["other_person"])
    upload = SimpleUploadedFile("z.pdf", pdf_bytes())
    assert (
        client.post(reverse("individuals:registration_proof", args=[world["reg"]]), {"proof": upload}).status_code
        == 404
    )


def test_post_only_pages_refuse_a_get(client, world):
    client.force_login(world["users"]["office"])
    for name in ("registration_move", "claim_move"):
        key = "reg" if name.startswith("registration") else "claim"
        assert client.get(reverse(f"individuals:{name}", args=[world[key], "approved"])).status_code == 405
    assert client.get(reverse("individuals:claim_pay", args=[world["claim"]])).status_code == 405
