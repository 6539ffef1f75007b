"""Who may use the applicant pages: the organisation's own users; 403 for other roles, 404 for
another organisation's applications."""

from __future__ import annotations

import pytest

from tests.factories import pdf_upload
from wengang.subsidies.models import Deficiency, Material

from .helpers import start


@pytest.fixture
def app(owner):
    return start(owner)


def app_urls(app) -> list[tuple[str, str]]:
    req = app.subsidy_type.requirements.first()
    return [
        ("get", f"/hall/apply/{app.pk}/"),
        ("get", f"/hall/apply/{app.pk}/edit/"),
        ("post", f"/hall/apply/{app.pk}/edit/"),
        ("post", f"/hall/apply/{app.pk}/autosave/"),
        ("post", f"/hall/apply/{app.pk}/materials/{req.pk}/"),
        ("post", f"/hall/apply/{app.pk}/withdraw/"),
    ]


PAGES = [
    ("get", "/hall/apply/"),
    ("get", "/hall/apply/new/OP3/"),
    ("post", "/hall/apply/new/OP3/"),
    ("get", "/hall/apply/template/OP1.xlsx"),
]


def test_another_enterprise_gets_404_on_this_applications_pages(client, outsider, owner, app):
    client.force_login(outsider)
    for method, url in app_urls(app):
        assert getattr(client, method)(url).status_code == 404, url


def test_another_enterprise_cannot_fetch_a_material_or_supply_a_deficiency(
    client, outsider, owner, owner_client, app, reviewer
):
    req = app.subsidy_type.requirements.first()
    owner_client.post(f"/hall/apply/{app.pk}/materials/{req.pk}/", {f"m{req.pk}-file": pdf_upload()})
    material = Material.objects.get()
    deficiency = Deficiency.objects.create(
        application=app, description="补充材料", due_date=app.period_end, created_by=reviewer
    )
    client.force_login(outsider)
    assert client.get(f"/hall/apply/{app.pk}/files/{material.pk}/").status_code == 404
    assert client.post(f"/hall/apply/{app.pk}/deficiencies/{deficiency.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["individual", "reviewer"])
def test_other_roles_get_403_on_apply_pages(client, request, persona, app):
    client.force_login(request.getfixturevalue(persona))
    for method, url in PAGES + app_urls(app):
        assert getattr(client, method)(url).status_code == 403, url


def test_an_enterprise_cannot_apply_for_the_agency_subsidy(owner_client):
    assert owner_client.get("/hall/apply/new/OP4/").status_code == 403


def test_an_agency_cannot_apply_for_an_enterprise_subsidy(client, agent):
    client.force_login(agent)
    assert client.get("/hall/apply/new/OP3/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, app):
    r = client.get("/hall/apply/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")
    assert client.get(f"/hall/apply/{app.pk}/").status_code == 302


def test_everyone_signed_in_has_an_inbox(client, individual, reviewer):
    for user in (individual, reviewer):
        client.force_login(user)
        assert client.get("/hall/apply/notifications/").status_code == 200
