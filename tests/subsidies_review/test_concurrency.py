"""Two reviewers deciding the same application at the same moment: exactly one wins."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection

from wengang.accounts.models import Role, User
from wengang.cases import outbox
from wengang.cases.models import Notification
from wengang.subsidies.models import Application, Status
from wengang.subsidies.services.review import application_approve
from wengang.subsidies.workflow import TransitionError

from .conftest import application, department, organisation, user


def approve_waiting_for_locks(app: Application, reviewer: User) -> None:
    """Approve, waiting while another connection holds SQLite's write lock.

    A file database waits by itself (the busy timeout in settings); the shared-cache in-memory
    database SQLite tests run on reports "database table is locked" at once instead. Nothing
    has been written when that happens, so trying again is what the busy timeout would do.
    """
    for _ in range(500):
        try:
            application_approve(application=app, actor=reviewer)
            return
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the write lock was never released")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded data, whatever ran before
def test_two_reviewers_approving_at_once_exactly_one_succeeds(monkeypatch) -> None:
    # only the decision is raced here; the notifications of a change are delivered after its
    # commit and would only add writers to wait for
    monkeypatch.setattr(outbox, "dispatch", lambda event_id: None)
    labour = department("labour-service", "劳动服务管理中心")
    first, second = user(Role.REVIEWER, department=labour), user(Role.REVIEWER, department=labour)
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def approve(reviewer: User) -> None:
        mine = Application.objects.get(pk=app.pk)  # each reads it in district review before either writes
        try:
            barrier.wait(timeout=10)
            approve_waiting_for_locks(mine, reviewer)
            outcomes[reviewer.username] = "ok"
        except TransitionError as exc:
            outcomes[reviewer.username] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert len(outcomes) == 2
    assert list(outcomes.values()).count("ok") == 1
    winner = next(name for name, outcome in outcomes.items() if outcome == "ok")
    loser = next(outcome for outcome in outcomes.values() if outcome != "ok")
    assert loser == "该申请已被他人处理，请刷新后重试"
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    assert app.approved_amount == Decimal("9000.00")
    assert app.decided_by is not None and app.decided_by.username == winner
    assert app.changes.filter(to_status=Status.APPROVED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded rows come back for later tests
def test_fifty_reviewers_deciding_at_once_make_one_transition_one_audit_row_one_notification(monkeypatch) -> None:
    labour = department("labour-service", "劳动服务管理中心")
    reviewers = [user(Role.REVIEWER, department=labour) for _ in range(50)]
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    dispatched: list[int] = []
    monkeypatch.setattr(outbox, "dispatch", dispatched.append)  # delivered below, once the race is over
    changes_before = app.changes.count()
    barrier = threading.Barrier(len(reviewers))
    outcomes: dict[str, str] = {}

    def approve(reviewer: User) -> None:
        mine = Application.objects.get(pk=app.pk)  # every page was loaded before anyone decided
        try:
            barrier.wait(timeout=30)
            approve_waiting_for_locks(mine, reviewer)
            outcomes[reviewer.username] = "ok"
        except TransitionError as exc:
            outcomes[reviewer.username] = str(exc)
        finally:
            connection.close()  # each thread had its own connection and transaction

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert len(outcomes) == 50
    assert list(outcomes.values()).count("ok") == 1
    assert sorted(set(outcomes.values())) == ["ok", "该申请已被他人处理，请刷新后重试"]
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    assert app.approved_amount == Decimal("9000.00")
    assert app.changes.count() == changes_before + 1
    [change] = app.changes.filter(to_status=Status.APPROVED)
    assert dispatched == [change.pk]
    assert outbox.deliver(change.pk) == 1
    assert Notification.objects.filter(event=change).count() == 1
