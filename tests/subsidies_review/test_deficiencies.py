"""容缺: every missing item listed at once with a working-day due date, reminders two working
days ahead, and the automatic close when the date has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wengang.cases.models import Notification
from wengang.subsidies.models import Deficiency, Status
from wengang.subsidies.services.review import (
    MissingItem,
    application_accept_with_deficiencies,
    deficiency_close_overdue,
    deficiency_send_reminders,
)
from wengang.subsidies.tasks import close_overdue_deficiencies, send_deficiency_reminders
from wengang.subsidies.workflow import TransitionError

from .conftest import application

FRIDAY = dt.date(2020, 5, 29)


def deficient(app, reviewer, settings, on=FRIDAY):
    settings.WENGANG_TODAY = on
    return application_accept_with_deficiencies(
        application=app, actor=reviewer, items=[MissingItem("2020年4月缴费凭证")]
    )


@pytest.mark.django_db
def test_it_lists_the_missing_items_at_once_with_a_working_day_due_date(client, reviewer, firm, settings) -> None:
    settings.WENGANG_TODAY = FRIDAY
    app = application(firm, "OP3")
    optional = app.subsidy_type.requirements.filter(essential=False).first()

    client.force_login(reviewer)
    response = client.post(
        reverse("subsidies:review_deficiency", args=[app.pk]),
        {"deficiency-requirements": [optional.pk], "deficiency-other": "法定代表人签字页\n\n加盖公章的承诺书"},
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.DEFICIENT
    items = list(app.deficiencies.order_by("pk"))
    assert items[0].description.startswith(optional.name)
    assert [d.description for d in items[1:]] == ["法定代表人签字页", "加盖公章的承诺书"]
    assert items[0].requirement == optional
    # 10 working days after Friday 29 May 2020: 1–5 and 8–12 June
    assert {d.due_date for d in items} == {dt.date(2020, 6, 12)}
    assert all(d.created_by == reviewer for d in items)
    comment = app.changes.last().comment
    assert "2020年06月12日前补正" in comment and "法定代表人签字页" in comment


@pytest.mark.django_db
def test_the_due_date_skips_holidays_and_counts_working_weekends(reviewer, firm, settings) -> None:
    # 20 working days after 29 May: the Dragon Boat holiday (25–27 June) is skipped and
    # Sunday 28 June, an adjusted working day, counts — due Monday 29 June
    app = application(firm, "OP3")
    app.subsidy_type.deficiency_days = 20
    app.subsidy_type.save()
    items = deficient(app, reviewer, settings)
    assert items[0].due_date == dt.date(2020, 6, 29)


@pytest.mark.django_db
def test_it_offers_only_items_that_may_be_supplied_later(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    essential = app.subsidy_type.requirements.filter(essential=True).first()
    client.force_login(reviewer)
    html = client.get(reverse("subsidies:review_detail", args=[app.pk])).content.decode()
    assert f'name="deficiency-requirements" value="{essential.pk}"' not in html

    with pytest.raises(TransitionError, match="核心材料，不能容缺"):
        application_accept_with_deficiencies(
            application=app, actor=reviewer, items=[MissingItem(essential.name, essential)]
        )
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and not app.deficiencies.exists()


@pytest.mark.django_db
def test_it_needs_at_least_one_item(client, reviewer, firm) -> None:
    app = application(firm, "OP3")
    client.force_login(reviewer)
    response = client.post(reverse("subsidies:review_deficiency", args=[app.pk]), {"deficiency-other": " "})
    assert response.status_code == 200
    assert "至少一项" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.django_db
def test_the_reviewer_confirms_the_supplied_items(client, reviewer, firm, settings) -> None:
    app = application(firm, "OP3")
    (item,) = deficient(app, reviewer, settings)
    client.force_login(reviewer)

    response = client.post(reverse("subsidies:review_supplied", args=[app.pk]), {})
    assert response.status_code == 200
    assert "还有容缺事项未核验补正" in response.content.decode()

    response = client.post(reverse("subsidies:review_supplied", args=[app.pk]), {"supplied-deficiencies": [item.pk]})
    assert response.status_code == 302
    app.refresh_from_db()
    item.refresh_from_db()
    assert app.status == Status.DISTRICT_REVIEW
    assert item.resolved_at is not None


@pytest.mark.django_db
def test_reminders_go_out_two_working_days_before_the_due_date_once(reviewer, firm, firm_user, settings) -> None:
    app = application(firm, "OP3")
    deficient(app, reviewer, settings)  # due Friday 12 June

    assert deficiency_send_reminders(on=dt.date(2020, 6, 9)) == 0  # Tuesday: three working days ahead
    assert deficiency_send_reminders(on=dt.date(2020, 6, 10)) == 1  # Wednesday: two working days ahead
    notice = Notification.objects.get(user=firm_user)
    assert notice.case == app
    assert "容缺事项即将到期" in notice.title and "2020年06月12日" in notice.body
    assert notice.emailed_at is not None
    assert mail.outbox[-1].to == [firm_user.email]
    assert Deficiency.objects.get().reminded_at is not None

    assert deficiency_send_reminders(on=dt.date(2020, 6, 11)) == 0  # each item is reminded once


@pytest.mark.django_db
def test_overdue_deficiencies_close_the_application(reviewer, firm, settings) -> None:
    app = application(firm, "OP3")
    deficient(app, reviewer, settings)  # due 12 June

    assert deficiency_close_overdue(on=dt.date(2020, 6, 12)) == []  # the due date itself is in time
    closed = deficiency_close_overdue(on=dt.date(2020, 6, 13))

    assert closed == [app]
    app.refresh_from_db()
    assert app.status == Status.CLOSED
    last = app.changes.last()
    assert last.actor is None and last.comment == "逾期未补正" and last.from_status == Status.DEFICIENT


@pytest.mark.django_db
def test_supplied_applications_are_not_closed(reviewer, firm, settings) -> None:
    app = application(firm, "OP3")
    (item,) = deficient(app, reviewer, settings)
    item.resolved_at = item.created_at
    item.save()
    assert deficiency_close_overdue(on=dt.date(2020, 6, 15)) == []


@pytest.mark.django_db
def test_the_commands_remind_and_close(reviewer, firm, firm_user, settings, capsys) -> None:
    app = application(firm, "OP3")
    deficient(app, reviewer, settings)

    call_command("send_deficiency_reminders", "--date", "2020-06-11")
    assert "已发送 1 条" in capsys.readouterr().out
    call_command("close_overdue_deficiencies", "--date", "2020-06-15")
    assert f"{app.reference} 逾期未补正，已关闭" in capsys.readouterr().out
    app.refresh_from_db()
    assert app.status == Status.CLOSED


@pytest.mark.django_db
def test_the_celery_tasks_use_the_services_clock(reviewer, firm, firm_user, settings) -> None:
    app = application(firm, "OP3")
    deficient(app, reviewer, settings)

    settings.WENGANG_TODAY = dt.date(2020, 6, 11)
    assert send_deficiency_reminders.delay().get() == 1
    settings.WENGANG_TODAY = dt.date(2020, 6, 15)
    assert close_overdue_deficiencies.delay().get() == [app.reference]


@pytest.mark.django_db
def test_a_reviewer_closes_a_case_only_once_its_supply_date_has_passed(
    client, reviewer, firm, firm_user, settings, django_capture_on_commit_callbacks
) -> None:
    """逾期未补正，关闭 is the reviewer's move too: refused with the date before it has passed, then
    offered with a reason and confirmed (it cannot be undone); the applicant is told."""
    app = application(firm, "OP3")
    deficient(app, reviewer, settings)  # due Friday 12 June
    close = reverse("subsidies:review_close", args=[app.pk])
    detail = reverse("subsidies:review_detail", args=[app.pk])
    client.force_login(reviewer)

    settings.WENGANG_TODAY = dt.date(2020, 6, 12)
    page = client.get(detail).content.decode()
    assert close not in page
    assert "<strong>逾期未补正，关闭</strong>：补正期限为 2020-06-12，期限届满仍未补正的才能关闭（届满后系统自动关闭）" in page
    refused = client.post(close, {"close-reason": "逾期"}, follow=True)
    assert "补正期限为 2020-06-12" in refused.content.decode()
    app.refresh_from_db()
    assert app.status == Status.DEFICIENT

    settings.WENGANG_TODAY = dt.date(2020, 6, 15)
    assert close in client.get(detail).content.decode()
    assert "请填写关闭说明" in client.post(close, {"close-reason": ""}).content.decode()
    asked = client.post(close, {"close-reason": "补正期限届满，缴费凭证仍未提交"}).content.decode()
    assert "补正期限已过，仍有事项未补正" in asked and "确认关闭" in asked
    app.refresh_from_db()
    assert app.status == Status.DEFICIENT  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(close, {"close-reason": "补正期限届满，缴费凭证仍未提交", "confirm": "1"})
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CLOSED
    last = app.changes.last()
    assert (last.actor, last.comment) == (reviewer, "补正期限届满，缴费凭证仍未提交")
    assert "申请因逾期未补正已关闭。" in Notification.objects.filter(user=firm_user).latest("pk").body

    # a second reviewer confirming the same close (two tabs, two people) is told it is done; nothing changes
    events = app.changes.count()
    again = client.post(close, {"close-reason": "再次关闭", "confirm": "1"}, follow=True)
    assert "该申请已是“逾期未补正，已关闭”，无需再次办理" in again.content.decode()
    assert app.changes.count() == events
