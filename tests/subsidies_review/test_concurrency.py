"""Two reviewers deciding the same application at the same moment: exactly one wins."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.threads import at_once, waiting_for_locks
from wengang.accounts.models import Role, User
from wengang.cases import outbox
from wengang.cases.models import Notification
from wengang.subsidies.models import Application, Status
from wengang.subsidies.services.review import application_approve
from wengang.subsidies.workflow import TransitionError

from .conftest import application, department, organisation, user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded data, whatever ran before
def test_two_reviewers_approving_at_once_exactly_one_succeeds(monkeypatch) -> None:
    # only the decision is raced here; the notifications of a change are delivered after its
    # commit and would only add writers to wait for
    monkeypatch.setattr(outbox, "dispatch", lambda event_id: None)
    labour = department("labour-service", "劳动服务管理中心")
    first, second = user(Role.REVIEWER, department=labour), user(Role.REVIEWER, department=labour)
    app = application(organisation(), "OP3", status=Status.DISTRICT_REVIEW)
    outcomes: dict[str, str] = {}

    def approve(mine: Application, reviewer: User) -> None:
        try:
            waiting_for_locks(lambda: application_approve(application=mine, actor=reviewer))
            outcomes[reviewer.username] = "ok"
        except TransitionError as exc:
            outcomes[reviewer.username] = str(exc)

    # each reads it in district review before either writes
    assert at_once(approve, [(Application.objects.get(pk=app.pk), r) for r in (first, second)], timeout=30) == []

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
    outcomes: dict[str, str] = {}

    def approve(mine: Application, reviewer: User) -> None:
        try:
            waiting_for_locks(lambda: application_approve(application=mine, actor=reviewer))
            outcomes[reviewer.username] = "ok"
        except TransitionError as exc:
            outcomes[reviewer.username] = str(exc)

    # every page was loaded before anyone decided
    assert at_once(approve, [(Application.objects.get(pk=app.pk), r) for r in reviewers], timeout=60) == []

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
