"""The key-enterprise demo: attachment 2's 23 key enterprises and ~1,400 positions, 物美's push, 便利蜂's two
calls; idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from wengang.demo import keyservice as demo_keyservice
from wengang.demo.data import DEMO_TODAY
from wengang.demo.load import demo_load
from wengang.keyservice.models import ContactEntry, Need, Publication
from wengang.keyservice.selectors import due_followups
from wengang.policy.fields import valid_uscc
from wengang.registry.models import Organisation


def test_the_demo_ledger_has_the_attachments_23_enterprises_and_the_bianlifeng_calls(db, settings):
    settings.WENGANG_TODAY = DEMO_TODAY
    demo_load(password="demo-password-1", today=DEMO_TODAY)
    out = StringIO()
    demo_keyservice.load(out)
    demo_keyservice.load(StringIO())

    needs = list(Need.objects.select_related("organisation"))
    firms = {n.organisation for n in needs}
    assert len(needs) == 23 and len(firms) == 23
    assert all(f.key_category and valid_uscc(f.uscc) for f in firms)
    assert sorted(n.count for n in needs)[-4:] == [100, 200, 450, 680]
    assert sum(n.count for n in needs) == 1472
    assert {f.name for f in firms} >= {"北京大洋路农副产品市场有限公司", "北京盛华宏林粮油批发有限公司"}
    assert Organisation.objects.filter(uscc__startswith=demo_keyservice.SYNTHETIC_PREFIX).count() == 17
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
