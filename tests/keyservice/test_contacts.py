"""The contact log and its follow-up reminders; the attachment's 便利蜂 case as data."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from wengang.cases.models import Notification
from wengang.demo.keyservice import bianlifeng_calls
from wengang.keyservice.models import Channel, ContactEntry
from wengang.keyservice.selectors import due_followups
from wengang.keyservice.services import contact_record, followup_send_reminders
from wengang.keyservice.tasks import send_followup_reminders

FEB_11 = dt.date(2020, 2, 11)


def record_bianlifeng_calls(organisation, centre):
    """附件2: two calls to 便利蜂 on 2020-02-11, as the demo records them; the brochure is still awaited."""
    morning, afternoon = bianlifeng_calls(organisation, centre)
    return morning, afternoon


def test_the_bianlifeng_log_holds_two_calls_and_the_brochure_is_still_awaited(bianlifeng, centre):
    morning, afternoon = record_bianlifeng_calls(bianlifeng, centre)
    log = list(ContactEntry.objects.filter(organisation=bianlifeng))
    assert [(e.on, e.at_time, e.get_channel_display(), e.contact_person) for e in log] == [
        (FEB_11, dt.time(9, 30), "电话", "姜经理"),
        (FEB_11, dt.time(16, 0), "电话", "姜经理"),
    ]
    morning.refresh_from_db()
    # the afternoon call settles the morning's follow-up; its own stays open (brochure awaited)
    assert morning.followed_up_by_id == afternoon.pk
    assert afternoon.followed_up_by_id is None
    assert "宣传册" in afternoon.next_step
    assert afternoon.follow_up_on == dt.date(2020, 2, 13)


def test_a_follow_up_is_due_from_its_date_until_a_later_contact(bianlifeng, centre, settings):
    _, afternoon = record_bianlifeng_calls(bianlifeng, centre)
    assert list(due_followups(centre)) == []
    settings.WENGANG_TODAY = "2020-02-13"
    assert list(due_followups(centre)) == [afternoon]


def test_a_follow_up_due_today_gives_one_notice_and_never_a_second(
    bianlifeng, centre, settings, django_capture_on_commit_callbacks
):
    _, afternoon = record_bianlifeng_calls(bianlifeng, centre)
    settings.WENGANG_TODAY = "2020-02-13"
    with django_capture_on_commit_callbacks(execute=True):
        assert followup_send_reminders() == 1
    assert followup_send_reminders() == 0
    notices = Notification.objects.filter(user=centre)
    assert [n.title for n in notices] == ["待跟进：便利蜂商贸有限公司（2020-02-13）"]
    assert "催要宣传册" in notices[0].body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["gonggong@example.com"]
    afternoon.refresh_from_db()
    assert afternoon.reminded_at is not None


def test_nothing_is_sent_before_the_follow_up_date(bianlifeng, centre, settings):
    record_bianlifeng_calls(bianlifeng, centre)
    settings.WENGANG_TODAY = "2020-02-12"
    assert followup_send_reminders() == 0
    assert not Notification.objects.exists()


def test_the_reminder_goes_to_the_designated_staff_member(bianlifeng, centre, wangjing_staff, settings):
    contact_record(
        organisation=bianlifeng,
        actor=centre,
        on=FEB_11,
        channel=Channel.WECHAT,
        contact_person="姜经理",
        agreed="微信发送政策说明",
        follow_up_on=FEB_11,
        responsible=wangjing_staff,
    )
    assert send_followup_reminders.delay().get() == 1
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["wangjing"]


def test_the_command_sends_the_reminders_due_on_a_date(bianlifeng, centre, capsys):
    record_bianlifeng_calls(bianlifeng, centre)
    call_command("send_followup_reminders", "--date", "2020-02-13")
    assert "已发送跟进提醒 1 条" in capsys.readouterr().out
    call_command("send_followup_reminders", "--date", "2020-02-14")
    assert "已发送跟进提醒 0 条" in capsys.readouterr().out
