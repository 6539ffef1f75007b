"""Every placements view: anonymous visitors are sent to sign in (the internship list is public),
and an outsider (an enterprise with no part in the records) is refused — 403 for the wrong role,
404 for another organisation's record. New views without a row here fail the first test."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.subsidies_apply.factories import make_organisation, make_user
from wengang.accounts.models import Role
from wengang.placements.services import base_apply, candidacy_apply

from .conftest import declare

pytestmark = pytest.mark.django_db

# name → (method, anonymous, outsider enterprise)
EXPECTED = {
    "list": ("GET", 302, 200),
    "new": ("GET", 302, 403),
    "claim": ("POST", 302, 403),
    "detail": ("GET", 302, 404),
    "proof": ("GET", 302, 404),
    "move": ("POST", 302, 404),
    "candidates": ("GET", 302, 200),
    "post": ("GET", 302, 404),
    "apply": ("POST", 302, 403),
    "recommend": ("POST", 302, 403),
    "candidacy_move": ("POST", 302, 404),
    "bases": ("GET", 302, 200),
    "base_new": ("GET", 302, 200),
    "base": ("GET", 302, 404),
    "base_move": ("POST", 302, 404),
    "internships": ("GET", 200, 200),
}


def test_every_view_has_expectations():
    resolver = get_resolver()
    _, sub = resolver.namespace_dict["placements"]
    names = {p.name for p in sub.url_patterns}
    assert names == set(EXPECTED)


@pytest.fixture
def world(agency_user, wumei_user, wumei_post, seeker):
    placement = declare(agency_user, wumei_post, 1)
    candidacy = candidacy_apply(user=seeker, post=wumei_post)
    record = base_apply(
        user=wumei_user, posts_offered="助理", capacity=2, mentor_name="王", mentor_phone="1", address="望京"
    )
    return {
        "detail": [placement.pk],
        "proof": [placement.pk],
        "move": [placement.pk, "confirmed"],
        "post": [wumei_post.pk],
        "apply": [wumei_post.pk],
        "recommend": [wumei_post.pk],
        "candidacy_move": [candidacy.pk, "interviewing"],
        "base": [record.pk],
        "base_move": [record.pk, "approved"],
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outsiders_are_refused(client, world, name):
    method, anonymous, outsider = EXPECTED[name]
    url = reverse(f"placements:{name}", args=world.get(name, []))
    call = client.post if method == "POST" else client.get
    assert call(url).status_code == anonymous
    stranger = make_organisation(99, "北京无关商贸有限公司")
    client.force_login(make_user("stranger", Role.ENTERPRISE, organisation=stranger))
    assert call(url).status_code == outsider
