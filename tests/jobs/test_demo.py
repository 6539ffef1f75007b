"""The job market demo: attachment 2's key enterprises post 急聘, 20 streets post vacancies, one post waits;
with the internship bases, 15 firms show 37 internship posts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from wengang.accounts.models import User
from wengang.demo import jobs as demo_jobs
from wengang.jobs.models import JobPost, PostStatus
from wengang.jobs.selectors import counts_per_street
from wengang.placements.services import internship_posts

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(client, demo_world):
    """On the whole demo (load_demo's rows on 2020-06-01, ``tests/demo_world.py``) the module adds nothing."""
    demo_jobs.load(io.StringIO())
    demo_jobs.load(io.StringIO())
    urgent = dict(JobPost.objects.filter(urgent=True).values_list("organisation__name", "openings"))
    assert urgent["北京物美商业集团股份有限公司孙河物流配送中心"] == 450
    assert urgent["便利蜂商贸有限公司"] == 680
    assert urgent["北京京客隆商业集团股份有限公司"] == 100
    assert urgent["北京永辉超市有限公司"] == 200
    by_streets = JobPost.objects.filter(on_behalf_street__isnull=False, status=PostStatus.PUBLISHED)
    assert by_streets.values("on_behalf_street").distinct().count() == 20
    assert {"东湖", "建外", "和平街"} <= set(by_streets.values_list("on_behalf_street__name", flat=True))
    counts = {c.street: c.imported_by_street for c in counts_per_street(dt.date(2020, 6, 1))}
    assert sum(1 for n in counts.values() if n) == 20 and any(k.startswith("东湖") and n == 1 for k, n in counts.items())
    assert list(JobPost.objects.filter(status=PostStatus.MODERATION).values_list("title", flat=True)) == ["夜班收银员"]
    assert internship_posts().count() == 37
    assert internship_posts().values("organisation").distinct().count() == 15

    client.force_login(User.objects.get(username="jiexiang"))
    page = client.get(reverse("jobs:street_counts")).content.decode()
    for street in ("东湖", "建外", "和平街", "崔各庄", "孙河"):
        assert street in page
