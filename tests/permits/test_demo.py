"""The permit demo: a published permit on the 双公示 page and a case awaiting its paper set; idempotent."""

from __future__ import annotations

from io import StringIO

from wengang.demo import permits as demo_permits
from wengang.demo.data import DEMO_TODAY
from wengang.demo.load import demo_load
from wengang.permits.models import PermitCase, Status
from wengang.permits.services import granted_permits


def test_the_demo_has_a_published_permit_and_a_case_awaiting_paper(db, client, settings):
    settings.WENGANG_TODAY = DEMO_TODAY
    demo_load(password="demo-password-1", today=DEMO_TODAY)
    demo_permits.load(StringIO())
    demo_permits.load(StringIO())

    assert sorted(PermitCase.objects.values_list("status", flat=True)) == [Status.E_APPROVED, Status.PUBLISHED]
    assert sum(case.changes.count() for case in PermitCase.objects.all()) == 9
    [permit] = granted_permits()
    assert client.get("/permits/public/").content.decode().count(permit.permit_number) == 1
