"""The key-enterprise demo: four needs from attachment 2, 物美's push, 便利蜂's two calls; idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from wengang.demo import keyservice as demo_keyservice
from wengang.demo.data import DEMO_TODAY
from wengang.demo.load import demo_load
from wengang.keyservice.models import ContactEntry, Need, Publication
from wengang.keyservice.selectors import due_followups


def test_the_demo_ledger_has_the_attachments_four_needs_and_the_bianlifeng_calls(db, settings):
    settings.WENGANG_TODAY = DEMO_TODAY
    demo_load(password="demo-password-1", today=DEMO_TODAY)
    out = StringIO()
    demo_keyservice.load(out)
    demo_keyservice.load(StringIO())

    counts = {n.organisation.name[:4]: n.count for n in Need.objects.select_related("organisation")}
    assert sorted(counts.values()) == [100, 200, 450, 680]
    assert sum(counts.values()) == 1430
    wumei = Need.objects.get(count=450)
    assert "400–500" in wumei.note and wumei.street.name == "孙河"
    [publication] = Publication.objects.all()
    assert {s.name for s in publication.streets.all()} == {"孙河", "首都机场", "崔各庄", "来广营", "金盏"}
    assert publication.agencies.count() == 2
    assert publication.recipients.filter(username="jiexiang").exists()
    calls = list(ContactEntry.objects.all())
    assert [(c.on, c.contact_person) for c in calls] == [(dt.date(2020, 2, 11), "姜经理")] * 2
    assert [c.follow_up_on for c in due_followups(calls[0].responsible)] == [dt.date(2020, 2, 13)]
    assert "便利蜂" in out.getvalue() and "23 家重点企业" in out.getvalue()
