"""Who sees the dashboards: reviewers and administrators the district, a street office its street,
nobody else anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from wengang.accounts.models import Role
from wengang.registry.models import Street

from .conftest import person_of

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("monitoring:dashboard"),
    reverse("monitoring:list", args=["applications"]),
    reverse("monitoring:export", args=["subsidy"]),
    reverse("monitoring:list", args=["deferrals"]),
    reverse("monitoring:export", args=["jobs"]),
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("role", "extra", "status"),
    [
        (Role.REVIEWER, "department", 200),
        (Role.ADMIN, "", 200),
        (Role.STREET, "望京", 200),
        (Role.STREET, "", 403),  # street staff not bound to a street
        (Role.ENTERPRISE, "", 403),
        (Role.INDIVIDUAL, "", 403),
        (Role.MUNICIPAL, "", 403),
        (Role.INDUSTRY, "", 403),
    ],
)
def test_it_checks_the_role(client, district, url, role, extra, status):
    client.force_login(person_of(role, extra))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_street_office_sees_only_its_street(client, district, street_office):
    client.force_login(street_office)
    sunhe = Street.objects.get(name="孙河").pk
    page = client.get(reverse("monitoring:dashboard"), {"street": sunhe})
    charts = {c.slug: c for c in page.context["charts"]}
    assert [r.label for r in charts["street"].rows] == ["望京街道"]
    assert [r.values for r in charts["subsidy"].rows if r.label.startswith("OP3")] == [
        (2, 2, Decimal("3000.75"), Decimal("1000.50"))
    ]
    assert "统计看板（望京街道）" in page.content.decode()
    assert 'name="street"' not in page.content.decode()


def test_a_street_office_cannot_drill_into_another_street(client, district, street_office):
    client.force_login(street_office)
    sunhe = Street.objects.get(name="孙河").pk
    listing = client.get(reverse("monitoring:list", args=["applications"]), {"street": sunhe})
    assert listing.context["page"].paginator.count == 3
    assert district["sunhe"].name not in listing.content.decode()
    assert (
        client.get(reverse("monitoring:list", args=["applications"]), {"section": "C"}).context["page"].paginator.count
        == 0
    )


def test_a_street_offices_export_holds_its_street_only(client, district, street_office):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(street_office)
    response = client.get(reverse("monitoring:export", args=["street"]), {"street": Street.objects.get(name="孙河").pk})
    rows = [tuple(c.value for c in r) for r in load_workbook(BytesIO(response.content)).active.iter_rows()]
    assert [r[0] for r in rows[1:]] == ["望京街道"]
