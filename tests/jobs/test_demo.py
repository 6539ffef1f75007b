"""The job market demo: attachment 2's key enterprises post 急聘, streets post vacancies, one post waits."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wengang.demo import jobs as demo_jobs
from wengang.jobs.models import JobPost, PostStatus

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(settings):
    settings.WENGANG_TODAY = "2020-06-01"
    call_command("load_demo", stdout=io.StringIO())
    demo_jobs.load(io.StringIO())
    demo_jobs.load(io.StringIO())
    urgent = dict(JobPost.objects.filter(urgent=True).values_list("organisation__name", "openings"))
    assert urgent["北京物美商业集团股份有限公司孙河物流配送中心"] == 450
    assert urgent["便利蜂商贸有限公司"] == 680
    assert urgent["北京京客隆商业集团股份有限公司"] == 100
    assert urgent["北京永辉超市有限公司"] == 200
    assert JobPost.objects.filter(on_behalf_street__isnull=False).values("street").distinct().count() == 5
    assert list(JobPost.objects.filter(status=PostStatus.MODERATION).values_list("title", flat=True)) == ["夜班收银员"]
