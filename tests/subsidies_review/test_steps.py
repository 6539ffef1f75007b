"""The step tracker of an application (提交 → 受理 → 区级审核 → 市联审 → 决定 → 拨付): the service date
each step was reached, the current step and its deadline, on the reviewer's and the applicant's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from wengang.cases.steps import tracker
from wengang.subsidies.models import Status
from wengang.subsidies.services.review import application_accept, application_approve
from wengang.subsidies.workflow import APPLICATIONS

from .conftest import application


def shown(app):
    return [(s.label, s.state, s.on, s.due_label, s.due) for s in tracker(APPLICATIONS, app).steps]


@pytest.mark.django_db
def test_the_steps_follow_the_service_dates_of_the_moves(client, reviewer, firm, settings) -> None:
    app = application(firm, "OP3")  # submitted on 2020-06-01 (the service date)

    assert shown(app) == [
        ("提交", "current", dt.date(2020, 6, 1), "审核期限", dt.date(2020, 6, 22)),
        ("受理", "todo", None, "", None),
        ("区级审核", "todo", None, "", None),
        ("市联审", "todo", None, "", None),
        ("决定", "todo", None, "", None),
        ("拨付", "todo", None, "", None),
    ]

    settings.WENGANG_TODAY = "2020-06-03"
    application_accept(application=app, actor=reviewer)
    settings.WENGANG_TODAY = "2020-06-05"
    application_approve(application=app, actor=reviewer)
    app.refresh_from_db()

    assert app.status == Status.APPROVED
    assert shown(app) == [
        ("提交", "done", dt.date(2020, 6, 1), "", None),
        ("受理", "done", dt.date(2020, 6, 3), "", None),
        ("区级审核", "done", dt.date(2020, 6, 3), "", None),
        ("市联审", "skipped", None, "", None),  # OP3 goes to the municipal group only on a doubt
        ("决定", "current", dt.date(2020, 6, 5), "", None),
        ("拨付", "todo", None, "", None),
    ]
    assert tracker(APPLICATIONS, app).steps[4].note == "审核通过"

    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert '<li class="steps__item steps__item--current" aria-current="step">' in html
    assert '<span class="steps__label">决定</span>' in html
    assert '<time class="steps__date" datetime="2020-06-05">2020-06-05</time>' in html
    assert html.count('aria-current="step"') == 1
    # the 办理记录 and the decision show the service date too, never the real year
    assert "2020-06-05 " in html and str(dt.date.today().year) not in html.replace("2020", "")


@pytest.mark.django_db
def test_the_applicant_sees_the_same_steps_with_the_review_deadline(client, firm) -> None:
    app = application(firm, "OP3")

    client.force_login(app.applicant)
    html = client.get(reverse("subsidies:apply_detail", args=[app.pk])).content.decode()

    assert '<nav class="steps" aria-label="办理进度">' in html
    assert '<span class="steps__due">审核期限：<time datetime="2020-06-22">2020-06-22</time></span>' in html
    assert '<time class="steps__date" datetime="2020-06-01">2020-06-01</time>' in html
