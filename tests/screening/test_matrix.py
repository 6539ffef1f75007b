"""Who may open what: every screening view × every persona (the decision: ``can_screen`` for the
staff pages — district reviewers and administrators; ``can_answer`` for a firm's own offers).

Each view of the ``screening`` namespace must have a row, so a new view without one fails."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from wengang.accounts.models import Department, Role
from wengang.registry.models import Organisation, Street
from wengang.screening.models import Push, ScreeningRun

from ..policy.test_screen_files import _code
from .conftest import client_for, make_user, submit

pytestmark = pytest.mark.django_db
PERSONAS = ("anonymous", "owner", "outsider", "agency", "individual", "street", "reviewer", "other_reviewer",
            "municipal", "admin")
STAFF = {"reviewer", "other_reviewer", "admin"}
#: view → (method, path template, status for staff / for the owner / for every other persona)
VIEWS = {
    "index": ("get", "/screening/", 200, 403, 403),
    "compare": ("get", "/screening/compare/?base={run}&scenario={run}", 200, 403, 403),
    "detail": ("get", "/screening/{run}/", 200, 403, 403),
    "progress": ("get", "/screening/{run}/progress/", 200, 403, 403),
    "cancel": ("post", "/screening/{run}/cancel/", 302, 403, 403),
    "publish": ("post", "/screening/{run}/publish/", 302, 403, 403),
    "download": ("get", "/screening/{run}/files/results.xlsx", 200, 403, 403),
    "offers": ("get", "/screening/offers/", 403, 200, 403),
    "offer": ("get", "/screening/offers/{push}/", 404, 200, 404),
    "offer_confirm": ("post", "/screening/offers/{push}/confirm/", 404, 302, 404),
    "offer_decline": ("post", "/screening/offers/{push}/decline/", 404, 302, 404),
}
#: the outsider and the agency are organisations too: their own (empty) offer list
ORGANISATION_LIST = {"outsider", "agency"}


def test_every_view_has_expectations():
    names = {p.name for p in get_resolver("wengang.screening.urls").url_patterns}
    assert names == set(VIEWS)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    labour = Department.objects.get(code="labour-service")
    other = Department.objects.exclude(pk=labour.pk).first()
    firm = Organisation.objects.create(uscc="91110105000021HP7G", name="北京示例商贸有限公司", industry_code="F52")
    people = {
        "anonymous": None,
        "owner": make_user("owner", Role.ENTERPRISE, organisation=firm),
        "outsider": make_user("outsider", Role.ENTERPRISE, organisation=Organisation.objects.create(
            uscc=_code("91110105000023HP7"), name="北京丙丁贸易有限公司")),
        "agency": make_user("agency", Role.AGENCY, organisation=Organisation.objects.create(
            uscc=_code("91110105000024HP7"), name="北京人力资源有限公司", kind=Organisation.Kind.AGENCY)),
        "individual": make_user("person", Role.INDIVIDUAL),
        "street": make_user("street", Role.STREET, street=Street.objects.get(name="孙河")),
        "reviewer": make_user("reviewer", Role.REVIEWER, department=labour),
        "other_reviewer": make_user("reviewer2", Role.REVIEWER, department=other),
        "municipal": make_user("municipal", Role.MUNICIPAL),
        "admin": make_user("admin", Role.ADMIN),
    }
    submit(people["reviewer"], django_capture_on_commit_callbacks)
    run = ScreeningRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people["reviewer"]).post(f"/screening/{run.pk}/publish/")
    push = Push.objects.get(organisation=firm, subsidy_type__policy="OP3")
    return people, {"run": run.pk, "push": push.pk}


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission(world, view, persona):
    people, ids = world
    method, path, staff, owner, others = VIEWS[view]
    expected = staff if persona in STAFF else owner if persona == "owner" else others
    if view == "offers" and persona in ORGANISATION_LIST:
        expected = 200
    response = getattr(client_for(people[persona]), method)(path.format(**ids))
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (view, persona)
