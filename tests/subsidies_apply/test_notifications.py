"""The inbox: the user's messages newest first, unread highlighted, marked read on request.

The notices are written here directly: how they are produced from status changes is the outbox's
business (wengang/subsidies/notifications.py); this is what the user sees of them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wengang.cases.models import Notification
from wengang.subsidies.models import Status
from wengang.subsidies.workflow import application_transition

from .helpers import html, start, submit


@pytest.fixture
def returned(owner, reviewer):
    app = start(owner)
    submit(owner, app)
    change = application_transition(application=app, to=Status.RETURNED, actor=reviewer, comment="请更正缴费额")
    return app, change


@pytest.fixture
def notices(owner, returned):
    app, change = returned
    older = Notification.objects.create(
        user=owner, case=app, title=f"{app.reference}：已受理", body="申请已受理。"
    )
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    newer = Notification.objects.create(
        user=owner, case=app, event=change, title=f"{app.reference}：退回修改", body="意见：请更正缴费额"
    )
    return older, newer


def test_it_lists_the_users_messages_newest_first(owner_client, returned, notices):
    app, _ = returned
    page = html(owner_client.get("/hall/apply/notifications/"))
    assert "2</strong> 条未读" in page
    assert page.index("退回修改") < page.index("已受理")
    assert "意见：请更正缴费额" in page
    assert "2 条未读</span>" in page and "共 2 条" in page  # one thread for the application
    assert f'href="/hall/apply/{app.pk}/"' in page


def test_marking_one_read(owner_client, notices):
    older, newer = notices
    r = owner_client.post(f"/hall/apply/notifications/{newer.pk}/read/")
    assert r.status_code == 302
    newer.refresh_from_db()
    older.refresh_from_db()
    assert newer.read_at is not None
    assert older.read_at is None
    assert "1 条未读</span>" in html(owner_client.get("/hall/apply/notifications/"))


def test_marking_all_read(owner_client, owner, notices):
    owner_client.post("/hall/apply/notifications/read/")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert "没有未读消息" in html(owner_client.get("/hall/apply/notifications/"))


def test_nobody_marks_or_reads_another_users_message(client, outsider, notices):
    _, newer = notices
    client.force_login(outsider)
    assert client.post(f"/hall/apply/notifications/{newer.pk}/read/").status_code == 404
    newer.refresh_from_db()
    assert newer.read_at is None
    assert "请更正缴费额" not in html(client.get("/hall/apply/notifications/"))


def test_the_detail_page_shows_the_applications_messages(owner_client, returned, notices):
    app, _ = returned
    page = html(owner_client.get(f"/hall/apply/{app.pk}/"))
    assert "本申请的消息" in page
    assert "意见：请更正缴费额" in page


def test_a_reviewers_notice_links_to_the_review_page(client, reviewer, returned):
    app, _ = returned
    Notification.objects.create(user=reviewer, case=app, title=f"{app.reference}：已提交", body="待受理")
    client.force_login(reviewer)
    page = html(client.get("/hall/apply/notifications/"))
    assert f'href="/hall/review/{app.pk}/"' in page
