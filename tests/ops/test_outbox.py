"""A broker that is down does not break the page; the outbox sweep delivers afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from kombu.exceptions import OperationalError as BrokerError

from wengang.accounts.models import Role
from wengang.cases import outbox
from wengang.cases.models import Notification
from wengang.ops.outbox import deliver_pending, enqueue
from wengang.subsidies.models import Status
from wengang.subsidies.workflow import application_transition

from ..subsidies_review.conftest import application, department, fixed_today, organisation, user  # noqa: F401


class DownBroker:
    name = "wengang.cases.tasks.deliver_event"

    def delay(self, *args: object) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_enqueue_reports_a_broker_outage_instead_of_raising() -> None:
    assert enqueue(DownBroker(), 1) is False


@pytest.mark.django_db
def test_a_decision_taken_while_the_broker_is_down_is_delivered_once_by_the_sweep(monkeypatch) -> None:
    from wengang.cases import tasks

    monkeypatch.setattr(tasks, "deliver_event", DownBroker())
    reviewer = user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    deliver_pending(older_than=dt.timedelta(0))  # the set-up's own moves (their commits never came)
    with monkeypatch.context() as m:
        m.setattr("wengang.cases.workflow.transaction.on_commit", lambda fn, robust=False: fn())  # the test runs inside one transaction
        change = application_transition(application=app, to=Status.APPROVED, actor=reviewer)
    assert not outbox.Delivery.objects.filter(event=change).exists()
    assert Notification.objects.filter(event=change).count() == 0

    assert deliver_pending() == 0  # too recent: the fast path may still be on its way
    # a minute later (audit rows cannot be back-dated: the sweep's horizon moves instead)
    applicants = app.organisation.users.count()
    assert deliver_pending(older_than=dt.timedelta(0)) == 1
    assert Notification.objects.filter(event=change).count() == applicants == 1
    assert deliver_pending(older_than=dt.timedelta(0)) == 0  # delivered once
    assert Notification.objects.filter(event=change).count() == 1


class LockedDatabase:
    """Eager Celery (no broker) delivering while another writer holds SQLite's lock."""

    name = "wengang.cases.tasks.deliver_event"

    def delay(self, *args: object) -> None:
        from django.db import OperationalError

        raise OperationalError("database is locked")


@pytest.mark.django_db
def test_a_delivery_failing_after_the_commit_leaves_the_move_made_and_the_event_for_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from wengang.cases import tasks

    reviewer = user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    deliver_pending(older_than=dt.timedelta(0))  # the set-up's own moves
    monkeypatch.setattr(tasks, "deliver_event", LockedDatabase())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change = application_transition(application=app, to=Status.APPROVED, actor=reviewer)  # does not raise
    assert len(callbacks) == 1
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    assert not outbox.Delivery.objects.filter(event=change).exists()
    monkeypatch.undo()
    assert deliver_pending(older_than=dt.timedelta(0)) == 1
    assert Notification.objects.filter(event=change).count() == 1
