"""One clock: with the service date set to 2020-06-01 (the demo), every time a person reads about
a case — its submission, its 办理记录, its step tracker, its messages, its decision letter — says
2020, never the real year the server runs in."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import pdf_upload
from wengang.subsidies.models import MaterialMark
from wengang.subsidies.services.letters import decision_letter_html
from wengang.subsidies.services.materials import material_attach
from wengang.subsidies.services.review import application_accept, application_reject, material_mark

from .helpers import html, start, submit

REAL_YEAR = str(timezone.now().year)


def test_a_case_its_letter_and_the_inbox_say_2020(client, owner, reviewer, django_capture_on_commit_callbacks):
    assert REAL_YEAR != "2020"
    with django_capture_on_commit_callbacks(execute=True):
        app = submit(owner, start(owner)).application
        application_accept(application=app, actor=reviewer)
        application_reject(application=app, actor=reviewer, clauses=["OP3.1(1)"], reasons="参保人数下降")
    app.refresh_from_db()

    assert timezone.localtime(app.submitted_at).date().isoformat() == "2020-06-01"
    assert timezone.localtime(app.decided_at).date().isoformat() == "2020-06-01"
    assert [n.moment.date().isoformat() for n in owner.notifications.all()] == ["2020-06-01"] * 2  # submitted, decided

    client.force_login(owner)
    detail = html(client.get(f"/hall/apply/{app.pk}/"))
    inbox = html(client.get("/hall/apply/notifications/"))
    letter = decision_letter_html(app)
    client.force_login(reviewer)
    review = html(client.get(f"/hall/review/{app.pk}/"))

    for page in (detail, inbox, review):
        assert "2020-06-01 " in page  # times of day next to the service date
        assert REAL_YEAR not in page
    assert '<time class="steps__date" datetime="2020-06-01">2020-06-01</time>' in detail
    assert "<th scope=\"row\">提交日期</th><td>2020年6月1日</td>" in letter
    assert REAL_YEAR not in letter


def test_materials_are_uploaded_and_marked_on_the_service_date(client, owner, reviewer):
    draft = start(owner)
    item = draft.subsidy_type.requirements.get(name="社会保险费缴费凭证")
    material = material_attach(application=draft, requirement=item, upload=pdf_upload(), user=owner).material
    app = submit(owner, draft)
    application_accept(application=app.application, actor=reviewer)
    material_mark(material=material, actor=reviewer, mark=MaterialMark.RESUPPLY, note="缴费凭证缺少4月")
    material.refresh_from_db()

    assert timezone.localtime(material.uploaded_at).date().isoformat() == "2020-06-01"
    assert timezone.localtime(material.marked_at).date().isoformat() == "2020-06-01"
    client.force_login(owner)
    detail = html(client.get(f"/hall/apply/{app.application.pk}/"))
    assert f"{material.display_name}</a> <span class=\"muted\">{material.requirement.name} · 1 页" in detail
    assert f" · 2020-06-01 {timezone.localtime(material.uploaded_at):%H:%M}</span>" in detail
    assert REAL_YEAR not in detail
