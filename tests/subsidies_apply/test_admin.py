"""Administrators edit subsidy types (window, checklist, commitment); workflow records are read-only."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.subsidies.models import SubsidyType

from .helpers import start, submit


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("boss", Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def test_a_subsidy_type_is_edited_with_its_checklist(admin_client):
    op4 = SubsidyType.objects.get(policy="OP4")
    r = admin_client.get(f"/admin/subsidies/subsidytype/{op4.pk}/change/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "推荐成功上岗人员名单" in page  # the checklist inline
    assert 'name="window_start"' in page
    assert 'name="commitment"' in page


def test_applications_are_read_only(admin_client, owner):
    app = start(owner)
    submit(owner, app)
    assert admin_client.get("/admin/subsidies/application/").status_code == 200
    r = admin_client.get(f"/admin/subsidies/application/{app.pk}/change/")
    assert r.status_code == 200
    assert 'name="status"' not in r.content.decode()
    assert admin_client.get("/admin/subsidies/application/add/").status_code == 403
    assert admin_client.get("/admin/cases/caseevent/").status_code == 200
