"""A NUL character (``%00``) in any filter of any list page is refused with the Chinese 400 page,
never a 500 (PostgreSQL refuses NUL in text): one middleware for every page."""

from __future__ import annotations

import pytest

from tests.factories import make_user, street
from wengang.accounts.models import Role

pytestmark = pytest.mark.django_db

#: list page → the filters it reads from the URL
LISTS = {
    "/layoffs/": ("status", "date_from", "date_to", "street", "q", "page"),
    "/permits/": ("status", "date_from", "date_to", "street", "q", "page"),
    "/permits/public/": ("q", "kind", "page"),
    "/jobs/manage/": ("status", "date_from", "date_to", "street", "q", "page"),  # a street's posts
    "/jobs/": ("q", "street", "industry", "urgent", "page"),
    "/placements/": ("status", "date_from", "date_to", "street", "q", "page"),
    "/placements/bases/": ("status", "page"),
    "/hall/review/": ("q", "status", "subsidy", "street", "overdue", "page"),
    "/hall/apply/notifications/": ("unread", "kind", "page"),
    "/screening/": ("page",),
    "/screening/compare/": ("base", "scenario"),  # two runs' ids: none here, so 404 without a NUL
    "/dashboard/": ("start", "end", "street", "industry"),
    "/dashboard/list/applications/": ("subsidy", "week", "in_street", "section", "status", "review", "page"),
}


@pytest.fixture
def admin(client):
    user = make_user("nul-admin", Role.ADMIN)
    client.force_login(user)
    return user


@pytest.mark.parametrize("path", LISTS)
def test_a_nul_in_any_filter_is_refused_in_chinese(client, admin, path):
    if path == "/jobs/manage/":
        client.force_login(make_user("nul-street", Role.STREET, street=street("望京")))
    assert client.get(path).status_code == (404 if path == "/screening/compare/" else 200)
    for name in LISTS[path]:
        for value in ("\x00", "1\x00", "望京\x00' OR 1=1"):
            response = client.get(path, {name: value})
            assert response.status_code == 400, (path, name)
            assert "网址中含有无效字符" in response.content.decode()
    # in a parameter's name too
    assert client.get(f"{path}?st%00atus=1").status_code == 400


def test_an_ordinary_filter_still_works(client, admin):
    response = client.get("/layoffs/", {"q": "望京", "status": "accepted"})
    assert response.status_code == 200 and "网址中含有无效字符" not in response.content.decode()
