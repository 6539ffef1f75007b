"""A broker that is down does not break the page; the outbox sweep delivers afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from wengang.accounts.models import Role
from wengang.ops.outbox import deliver_pending, enqueue
from wengang.subsidies import workflow
from wengang.subsidies.models import Notification, Status, StatusChange
from wengang.subsidies.workflow import application_transition

from ..subsidies_review.conftest import application, department, fixed_today, organisation, user  # noqa: F401


class DownBroker:
    name = "wengang.subsidies.tasks.deliver_notifications"

    def delay(self, *args: object) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_enqueue_reports_a_broker_outage_instead_of_raising() -> None:
    assert enqueue(DownBroker(), 1) is False


@pytest.mark.django_db
def test_a_decision_taken_while_the_broker_is_down_is_delivered_once_by_the_sweep(monkeypatch) -> None:
    from wengang.subsidies import tasks

    monkeypatch.setattr(tasks, "deliver_notifications", DownBroker())
    reviewer = user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    with monkeypatch.context() as m:
        m.setattr(workflow.transaction, "on_commit", lambda fn: fn())  # the test runs inside one transaction
        change = application_transition(application=app, to=Status.APPROVED, actor=reviewer)
    change.refresh_from_db()
    assert change.notified_at is None
    assert Notification.objects.filter(change=change).count() == 0

    assert deliver_pending() == 0  # too recent: the fast path may still be on its way
    StatusChange.objects.filter(pk=change.pk).update(at=timezone.now() - dt.timedelta(minutes=1))
    applicants = app.organisation.users.count()
    assert deliver_pending() == 1
    assert Notification.objects.filter(change=change).count() == applicants == 1
    assert deliver_pending() == 0  # delivered once
    assert Notification.objects.filter(change=change).count() == 1
