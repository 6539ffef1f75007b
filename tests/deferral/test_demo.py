"""The deferral demo: the authority and one pending application, created once."""

from __future__ import annotations

import io

import pytest

from wengang.accounts.models import Role
from wengang.cases.models import CaseEvent, Notification
from wengang.deferral.models import DeferralApplication, IndustryAuthority, Status
from wengang.demo import deferral as demo
from wengang.demo.data import ORGANISATIONS
from wengang.registry.models import Organisation

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_creates_the_authority_and_a_pending_application_once(client, settings):
    settings.WENGANG_TODAY = "2020-06-01"
    firm = next(o for o in ORGANISATIONS if o.key == "huitong")
    org = Organisation.objects.create(uscc=firm.uscc, name=firm.name, facts=dict(firm.facts))
    hangye = make_user("hangye", Role.INDUSTRY)
    make_user("qiye6", Role.ENTERPRISE, organisation=org)

    demo.load(io.StringIO())
    demo.load(io.StringIO())

    authority = IndustryAuthority.objects.get()
    assert authority.user == hangye
    assert authority.covers("transport")
    app = DeferralApplication.objects.get()
    assert (app.status, app.industry, app.filed_on.isoformat()) == (Status.SUBMITTED, "transport", "2020-03-02")
    change = CaseEvent.objects.get()
    assert change.on.isoformat() == "2020-03-02"
    assert change.at.date().isoformat() == "2020-03-02"
    assert Notification.objects.filter(user=hangye).count() == 1

    # the authority can confirm it on the demo date, and the engine then grants July
    client.force_login(hangye)
    assert app.reference in client.get("/deferral/queue/").content.decode()
    response = client.post(f"/deferral/applications/{app.pk}/decide/", {"decision": "confirmed", "confirm": "1"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.facts["deferral_industry_confirmed"] == "true"
