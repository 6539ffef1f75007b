"""The early-warning feed: people laid off per street and per industry, from accepted reports."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from wengang.layoffs import services
from wengang.layoffs.selectors import layoff_counts

from .conftest import TODAY
from .factories import complete_report


def accepted(user, reviewer, layoffs, settings, on):
    settings.WENGANG_TODAY = on.isoformat()
    report = complete_report(user, layoffs=layoffs, today=on)
    services.report_submit(report=report, user=user)
    services.report_accept(report=report, user=reviewer)
    return report


def test_counts_by_street_and_industry(owner, outsider, reviewer, settings, django_assert_num_queries):
    accepted(owner, reviewer, 20, settings, TODAY)
    accepted(owner, reviewer, 25, settings, TODAY + dt.timedelta(days=10))
    accepted(outsider, reviewer, 30, settings, TODAY + dt.timedelta(days=10))
    services.report_create(user=owner, values={"layoffs": 99})  # a draft does not count
    with django_assert_num_queries(1):  # summed by the database, not row by row
        assert layoff_counts(by="street") == [("孙河地区", 45), ("未登记街乡", 30)]
    assert layoff_counts(by="industry") == [("C", 45), ("F", 30)]
    assert layoff_counts(by="industry", since=TODAY + dt.timedelta(days=1)) == [("F", 30), ("C", 25)]
    assert layoff_counts(by="industry", prefix=3) == [("C34", 45), ("F52", 30)]


def test_the_staff_page_lists_the_counts(client, owner, reviewer, settings):
    accepted(owner, reviewer, 20, settings, TODAY)
    client.force_login(reviewer)
    text = client.get(reverse("layoffs:warning") + "?by=industry").content.decode()
    assert "按行业门类" in text and '<th scope="row">C</th><td class="num">20</td>' in text
    assert reverse("monitoring:warning") in text  # the monitoring page, linked both ways


def test_enterprises_cannot_see_the_counts(client, owner):
    client.force_login(owner)
    assert client.get(reverse("layoffs:warning")).status_code == 403
