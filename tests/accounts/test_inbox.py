"""The inbox: one entry per case with its latest message and a count, filters in the URL, paging,
and marking read — always and only the user's own messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wengang.accounts.models import User
from wengang.cases.models import Notification
from wengang.layoffs.models import LayoffReport
from wengang.permits.models import PermitCase, PermitType

INBOX = reverse("subsidies:notifications")
READ_ALL = reverse("subsidies:apply_notifications_read")
START = timezone.make_aware(dt.datetime(2020, 5, 1, 9, 0))


def notice(user, title: str, *, case=None, minutes: int = 0, read: bool = False) -> Notification:
    made = Notification.objects.create(user=user, case=case, title=title, body=f"{title}的内容")
    at = START + dt.timedelta(minutes=minutes)
    Notification.objects.filter(pk=made.pk).update(created_at=at, read_at=at if read else None)
    return made


@pytest.fixture
def permit(acme) -> PermitCase:
    return PermitCase.objects.create(
        reference="XK202000042", organisation=acme, permit_type=PermitType.objects.get(code="dispatch-new")
    )


@pytest.fixture
def layoff(acme, enterprise_user) -> LayoffReport:
    return LayoffReport.objects.create(organisation=acme, applicant=enterprise_user)


@pytest.fixture
def mailbox(enterprise_user, permit, layoff, other_user_notice):
    """The permit: 3 messages (the newest read); the layoff report: 2; two notices about no case."""
    return {
        "permit": [
            notice(enterprise_user, "XK202000042：已提交", case=permit, minutes=1),
            notice(enterprise_user, "XK202000042：电子材料审核合格", case=permit, minutes=5),
            notice(enterprise_user, "XK202000042：纸质材料已收到", case=permit, minutes=9, read=True),
        ],
        "layoff": [
            notice(enterprise_user, "裁减人员报告已提交", case=layoff, minutes=2),
            notice(enterprise_user, "裁减人员报告已受理", case=layoff, minutes=7),
        ],
        "other": [
            notice(enterprise_user, "系统维护通知", minutes=3, read=True),
            notice(enterprise_user, "密码即将过期", minutes=8),
        ],
    }


@pytest.fixture
def other_user_notice(other_org):
    from .factories import make_user

    rival = make_user("rival", "enterprise", organisation=other_org)
    return notice(rival, "别家的秘密消息", minutes=10)


def inbox(client: Client, user: User, params: dict[str, str] | None = None) -> str:
    """The inbox page as ``user`` sees it, with the filters of ``params``."""
    client.force_login(user)
    return client.get(INBOX, params or {}).content.decode()


def entries(page: str) -> list[str]:
    """The title of each thread, in order."""
    return re.findall(r'<span class="muted">[^<]*</span> <strong>([^<]*)</strong>', page)


@pytest.mark.django_db
def test_one_entry_per_case_newest_first_with_counts(client, enterprise_user, mailbox) -> None:
    page = inbox(client, enterprise_user)
    assert entries(page) == ["XK202000042", "密码即将过期", "裁减人员报告已受理", "系统维护通知"]
    assert "共 <strong>4</strong> 个事项、7 条消息" in page
    assert "<strong>5</strong> 条未读" in page
    # the permit's entry: its latest message, 3 in all, 2 unread, and a link to the case
    permit_entry = page[page.index("XK202000042</strong>") : page.index("密码即将过期</strong>")]
    assert "XK202000042：纸质材料已收到" in permit_entry
    assert "共 3 条" in permit_entry and "2 条未读" in permit_entry
    assert f'href="/permits/{mailbox["permit"][0].case.pk}/"' in permit_entry
    assert "查看此事项的全部 3 条消息" in permit_entry
    assert "别家的秘密消息" not in page


@pytest.mark.django_db
def test_a_case_without_a_reference_is_titled_by_its_kind(client, enterprise_user, mailbox) -> None:
    page = inbox(client, enterprise_user)
    assert '<span class="muted">裁减人员报告</span> <strong>裁减人员报告已受理</strong>' in page
    assert '<span class="muted">许可案件</span> <strong>XK202000042</strong>' in page
    assert '<span class="muted">其他通知</span> <strong>密码即将过期</strong>' in page


@pytest.mark.django_db
def test_the_unread_filter_keeps_unread_messages_only(client, enterprise_user, mailbox) -> None:
    page = inbox(client, enterprise_user, {"unread": "on"})
    assert "共 <strong>3</strong> 个事项、5 条消息符合筛选条件" in page
    assert "系统维护通知" not in page
    assert "XK202000042：纸质材料已收到" not in page  # read: not listed under the unread filter


@pytest.mark.django_db
def test_the_kind_filter_lists_one_case_type(client, enterprise_user, mailbox) -> None:
    page = inbox(client, enterprise_user)
    assert '<option value="permits.permitcase">许可案件</option>' in page
    assert '<option value="other">其他通知</option>' in page
    page = client.get(INBOX, {"kind": "permits.permitcase"}).content.decode()
    assert "共 <strong>1</strong> 个事项、3 条消息" in page
    assert entries(page) == ["XK202000042"]
    page = client.get(INBOX, {"kind": "other"}).content.decode()
    assert "共 <strong>2</strong> 个事项、2 条消息" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"kind": "auth.user"}, {"kind": "<b>"}, {"page": "x"}, {"page": "-1"}, {"unread": "maybe"}]
)
def test_hostile_filters_never_fail(client, enterprise_user, mailbox, params) -> None:
    client.force_login(enterprise_user)
    response = client.get(INBOX, params)
    assert response.status_code == 200
    assert "别家的秘密消息" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_kind_is_reported_and_ignored(client, enterprise_user, mailbox) -> None:
    page = inbox(client, enterprise_user, {"kind": "auth.user"})
    assert "请从列表中选择类别" in page and 'href="#id_kind"' in page
    assert "共 <strong>4</strong> 个事项" in page


@pytest.mark.django_db
def test_mark_all_read_marks_only_the_users_own(client, enterprise_user, mailbox, other_user_notice) -> None:
    client.force_login(enterprise_user)
    response = client.post(READ_ALL, {"unread": "on", "kind": "permits.permitcase", "page": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?unread=on&kind=permits.permitcase&page=1"
    assert not Notification.objects.filter(user=enterprise_user, read_at__isnull=True).exists()
    other_user_notice.refresh_from_db()
    assert other_user_notice.read_at is None
    assert "没有未读消息" in client.get(INBOX).content.decode()


@pytest.mark.django_db
def test_mark_all_read_needs_post_and_csrf(enterprise_user, mailbox) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(enterprise_user)
    assert strict.get(READ_ALL).status_code == 405
    assert strict.post(READ_ALL).status_code == 403
    assert Notification.objects.filter(user=enterprise_user, read_at__isnull=True).count() == 5


@pytest.mark.django_db
def test_nobody_marks_another_users_message(client, enterprise_user, other_user_notice) -> None:
    client.force_login(enterprise_user)
    assert client.post(reverse("subsidies:apply_notification_read", args=[other_user_notice.pk])).status_code == 404
    other_user_notice.refresh_from_db()
    assert other_user_notice.read_at is None


@pytest.mark.django_db
def test_the_back_link_keeps_only_the_inboxs_own_parameters(client, enterprise_user, mailbox) -> None:
    client.force_login(enterprise_user)
    target = mailbox["layoff"][0]
    response = client.post(
        reverse("subsidies:apply_notification_read", args=[target.pk]),
        {"page": "//evil.example", "kind": "nonsense", "next": "https://evil.example/"},
    )
    assert response["Location"] == INBOX
    target.refresh_from_db()
    assert target.read_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("threads", "pages", "last_page_size"), [(20, 1, 20), (21, 2, 1), (40, 2, 20), (41, 3, 1)])
def test_twenty_entries_a_page(client, enterprise_user, acme, threads, pages, last_page_size) -> None:
    kind = PermitType.objects.get(code="dispatch-new")
    for i in range(threads):
        case = PermitCase.objects.create(
            reference=f"XK2020{i:05d}", organisation=acme, permit_type=kind, status="collected"
        )
        notice(enterprise_user, f"XK2020{i:05d}：已提交", case=case, minutes=i)
    client.force_login(enterprise_user)
    first = client.get(INBOX).content.decode()
    assert len(entries(first)) == min(threads, 20)
    assert entries(first)[0] == f"XK2020{threads - 1:05d}"  # the newest first
    if pages == 1:
        assert "第 1 /" not in first
    else:
        assert f"第 1 / {pages} 页" in first and 'href="?page=2"' in first
    last = client.get(INBOX, {"page": pages}).content.decode()
    assert len(entries(last)) == last_page_size
    assert entries(last)[-1] == "XK202000000"
    beyond = client.get(INBOX, {"page": pages + 5}).content.decode()
    assert entries(beyond) == entries(last)


@pytest.mark.django_db
def test_threads_are_newest_first_by_the_dates_shown(client: Client, enterprise_user, permit, layoff) -> None:
    """A message dated 2020-05-04 that was sent after one dated 2020-06-01 (the clock set back, as the
    demo loader does) is listed below it."""
    june = notice(enterprise_user, "六月的消息", case=permit, minutes=0)
    may = notice(enterprise_user, "五月的消息", case=layoff, minutes=10)
    Notification.objects.filter(pk=june.pk).update(on=dt.date(2020, 6, 1))
    Notification.objects.filter(pk=may.pk).update(on=dt.date(2020, 5, 4))
    client.force_login(enterprise_user)
    html = client.get(INBOX).content.decode()
    assert html.index("六月的消息") < html.index("五月的消息")
