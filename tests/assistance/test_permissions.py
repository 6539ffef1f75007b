"""Who may open what: every 就业援助 view × every role (the permission matrix of issue 15).

The world: 张建国 of 孙河, certified, with a June claim and a placement in 孙河's post; another
individual, 孙河's and 望京's street offices, an enterprise user, a district reviewer and an
administrator. Each role's request runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.factories import make_reviewer
from wengang.assistance import services

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "person", "other_person", "street", "other_street", "enterprise", "reviewer", "admin")
LOGIN = 302  # anonymous visitors are sent to sign in
#: (url name, method, post data) → the status each role gets, in ROLES order
EXPECTED: dict[str, tuple[str, dict[str, str], tuple[int, ...]]] = {
    "index": ("get", {}, (LOGIN, 200, 200, 200, 200, 403, 403, 200)),
    "apply": ("get", {}, (LOGIN, 302, 200, 403, 403, 403, 403, 403)),
    "export": ("get", {}, (LOGIN, 403, 403, 200, 200, 403, 403, 200)),
    "certification": ("get", {}, (LOGIN, 200, 404, 200, 404, 403, 403, 200)),
    "evidence_upload": ("post", {}, (LOGIN, 400, 404, 403, 404, 403, 403, 403)),
    "evidence_file": ("get", {}, (LOGIN, 200, 404, 200, 404, 403, 403, 200)),
    "certification_move": ("post", {}, (LOGIN, 302, 404, 302, 404, 403, 403, 302)),
    "claim_new": (
        "post",
        {"month": "2020-06", "contributions_paid": "900", "flexible_employed": "on"},
        (LOGIN, 400, 400, 403, 403, 403, 403, 403),
    ),
    "claim": ("get", {}, (LOGIN, 200, 404, 200, 404, 403, 403, 200)),
    "claim_move": ("post", {}, (LOGIN, 302, 404, 200, 404, 403, 403, 302)),
    "post_new": ("get", {}, (LOGIN, 403, 403, 200, 200, 403, 403, 403)),
    "post": ("get", {}, (LOGIN, 404, 404, 200, 404, 403, 403, 200)),
    "place": ("post", {"start": "2020-06-01", "end": "2021-05-31"}, (LOGIN, 403, 403, 400, 404, 403, 403, 403)),
    "post_publish": ("post", {"published": "0"}, (LOGIN, 403, 403, 302, 404, 403, 403, 403)),
    "placement": ("get", {}, (LOGIN, 200, 404, 200, 404, 403, 403, 200)),
    "attendance": (
        "post",
        {"month": "2020-06", "days_due": "21", "days_worked": "20"},
        (LOGIN, 403, 403, 302, 404, 403, 403, 403),
    ),
    "placement_move": ("post", {"comment": "合同期满"}, (LOGIN, 302, 404, 200, 404, 403, 403, 302)),
}


def test_every_view_has_expectations():
    names = {
        p.name
        for r in get_resolver().url_patterns
        if getattr(r, "namespace", None) == "assistance"
        for p in r.url_patterns
    }
    assert names == set(EXPECTED)


@pytest.fixture
def world(person, other_person, sunhe_office, wangjing_office, firm_user, admin_user, certified, post):
    claim = services.claim_create(
        person=person, month=dt.date(2020, 6, 1), paid=Decimal("1200.00"), flexible_employed=True
    )
    placement = services.placement_create(
        post=post, certification=certified, start=dt.date(2020, 6, 1), end=dt.date(2021, 5, 31), user=sunhe_office
    )
    users = {
        "person": person,
        "other_person": other_person,
        "street": sunhe_office,
        "other_street": wangjing_office,
        "enterprise": firm_user,
        "reviewer": make_reviewer(),
        "admin": admin_user,
    }
    pk = {
        "certification": certified.pk,
        "evidence_upload": certified.pk,
        "certification_move": certified.pk,
        "claim": claim.pk,
        "claim_move": claim.pk,
        "post": post.pk,
        "place": post.pk,
        "placement": placement.pk,
        "attendance": placement.pk,
        "placement_move": placement.pk,
    }
    urls = {
        name: f"/assistance/{path}"
        for name, path in {
            "index": "",
            "apply": "apply/",
            "claim_new": "claims/new/",
            "post_new": "posts/new/",
            "export": "export/claims.xlsx",
        }.items()
    }
    urls.update(
        certification=f"/assistance/certifications/{pk['certification']}/",
        evidence_upload=f"/assistance/certifications/{pk['certification']}/evidence/",
        evidence_file=f"/assistance/certifications/{pk['certification']}/evidence/{certified.evidence.get().pk}/",
        certification_move=f"/assistance/certifications/{pk['certification']}/move/withdrawn/",
        claim=f"/assistance/claims/{claim.pk}/",
        claim_move=f"/assistance/claims/{claim.pk}/move/approved/",
        post=f"/assistance/posts/{post.pk}/",
        place=f"/assistance/posts/{post.pk}/place/",
        post_publish=f"/assistance/posts/{post.pk}/publish/",
        placement=f"/assistance/placements/{placement.pk}/",
        attendance=f"/assistance/placements/{placement.pk}/attendance/",
        placement_move=f"/assistance/placements/{placement.pk}/move/ended/",
    )
    return users, urls, certified


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    users, urls, certified = world
    method, data, expected = EXPECTED[name]
    if name == "place":
        data = {**data, "certification": str(certified.pk)}
    got = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            response = getattr(client, method)(urls[name], data)
            got.append(response.status_code)
            transaction.set_rollback(True)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))
