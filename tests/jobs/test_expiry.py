"""Posts past their deadline (urgent ones included) are expired by the daily task, with an event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from wengang.jobs.models import JobPost, PostStatus
from wengang.jobs.tasks import deactivate_stale_posts

from .conftest import TODAY, make_post

pytestmark = pytest.mark.django_db


def test_the_task_expires_posts_past_their_deadline(settings, key_owner):
    urgent = make_post(key_owner, urgent=True, deadline=TODAY + dt.timedelta(days=3))
    later = make_post(key_owner, deadline=TODAY + dt.timedelta(days=10))
    settings.WENGANG_TODAY = (TODAY + dt.timedelta(days=4)).isoformat()
    assert deactivate_stale_posts.delay().get() == 1
    urgent.refresh_from_db()
    later.refresh_from_db()
    assert (urgent.status, later.status) == (PostStatus.EXPIRED, PostStatus.PUBLISHED)
    event = urgent.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("published", "expired", None)
    assert event.reason == "已过截止日期（2020-06-04）"


def test_a_post_is_live_on_its_deadline_day(settings, key_owner):
    make_post(key_owner, deadline=TODAY + dt.timedelta(days=3))
    settings.WENGANG_TODAY = (TODAY + dt.timedelta(days=3)).isoformat()
    assert deactivate_stale_posts.delay().get() == 0


def test_the_command_reports_what_it_did(settings, plain_owner, capsys):
    make_post(plain_owner, deadline=TODAY + dt.timedelta(days=1))
    make_post(plain_owner, description="限男性", deadline=TODAY + dt.timedelta(days=1))
    settings.WENGANG_TODAY = "2020-06-05"
    call_command("deactivate_stale_posts")
    assert "已下架 2 个过期岗位（截至 2020-06-05）" in capsys.readouterr().out
    assert set(JobPost.objects.values_list("status", flat=True)) == {PostStatus.EXPIRED}
