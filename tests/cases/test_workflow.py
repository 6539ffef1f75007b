"""The one case mechanism (wengang/cases/): a move, a refusal, guards, next moves, the outbox and the
append-only audit table — shown on the subsidy application, the richest workflow."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction

from tests.subsidies_review.conftest import application, organisation
from wengang.cases import outbox
from wengang.cases.models import CaseEvent, Delivery, Notification
from wengang.cases.workflow import _REGISTRY, TransitionError, history, next_moves, transition
from wengang.subsidies.models import Status
from wengang.subsidies.workflow import APPLICATIONS

pytestmark = pytest.mark.django_db
S = Status


def test_a_move_changes_the_status_and_appends_one_event(reviewer) -> None:
    app = application(organisation())
    before = CaseEvent.objects.count()
    event = transition(APPLICATIONS, app, to=S.RETURNED, actor=reviewer, reason="  缴费额有误 ")
    app.refresh_from_db()
    assert app.status == S.RETURNED
    assert CaseEvent.objects.count() == before + 1
    assert (event.from_status, event.to_status, event.move, event.reason) == (S.SUBMITTED, S.RETURNED, "退回修改", "缴费额有误")
    assert (event.from_label, event.to_label) == ("已提交", "退回修改")
    assert event.case == app and event.actor == reviewer
    assert [e.to_status for e in history(app)] == [S.SUBMITTED, S.RETURNED]


def test_a_move_not_in_the_table_is_refused_and_writes_nothing(reviewer) -> None:
    app = application(organisation())
    before = CaseEvent.objects.count()
    with pytest.raises(TransitionError, match="当前状态“已提交”不能变更为“已拨付”"):
        transition(APPLICATIONS, app, to=S.PAID, actor=reviewer)
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and CaseEvent.objects.count() == before


def test_a_party_the_move_is_not_for_is_refused_in_chinese(firm_user) -> None:
    app = application(firm_user.organisation)
    with pytest.raises(TransitionError, match="“用人单位”不能办理“受理”"):
        transition(APPLICATIONS, app, to=S.DISTRICT_REVIEW, actor=firm_user)


def test_the_service_itself_may_only_make_the_system_moves() -> None:
    app = application(organisation())
    with pytest.raises(TransitionError, match="该操作须由工作人员或申请人办理"):
        transition(APPLICATIONS, app, to=S.DISTRICT_REVIEW, actor=None)


def test_a_move_that_needs_a_reason_refuses_a_blank_one(reviewer) -> None:
    app = application(organisation())
    with pytest.raises(TransitionError, match="“退回修改”须填写理由"):
        transition(APPLICATIONS, app, to=S.RETURNED, actor=reviewer, reason="   ")
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_a_guard_refuses_with_its_own_message(reviewer) -> None:
    app = application(organisation(), "OP2", status=S.DISTRICT_REVIEW)  # OP2: always to the municipal group
    with pytest.raises(TransitionError, match="本项补贴须报市审核小组联审通过"):
        transition(APPLICATIONS, app, to=S.APPROVED, actor=reviewer)


def test_next_moves_are_the_actors_moves_with_the_guards_evaluated(reviewer, firm_user, outsider) -> None:
    submitted = application(firm_user.organisation)
    assert [(m.to, m.label, m.reason) for m in next_moves(APPLICATIONS, submitted, reviewer)] == [
        (S.DEFICIENT, "容缺受理", True),
        (S.DISTRICT_REVIEW, "受理", False),
        (S.RETURNED, "退回修改", True),
    ]
    assert [m.to for m in next_moves(APPLICATIONS, submitted, firm_user)] == [S.WITHDRAWN]
    assert next_moves(APPLICATIONS, submitted, outsider) == []  # another firm: the guard says no

    op2 = application(organisation(), "OP2", status=S.DISTRICT_REVIEW)
    assert [m.to for m in next_moves(APPLICATIONS, op2, reviewer)] == [S.MUNICIPAL_REVIEW, S.REJECTED, S.RETURNED]
    op3 = application(organisation(), "OP3", status=S.DISTRICT_REVIEW)
    assert [m.to for m in next_moves(APPLICATIONS, op3, reviewer)] == [
        S.MUNICIPAL_REVIEW, S.APPROVED, S.REJECTED, S.RETURNED,
    ]


def test_the_outbox_delivers_each_event_once(reviewer, firm_user, django_capture_on_commit_callbacks) -> None:
    app = application(firm_user.organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = transition(APPLICATIONS, app, to=S.RETURNED, actor=reviewer, reason="请更正缴费额")
    notice = Notification.objects.get(event=event)
    assert notice.user == firm_user and notice.case == app
    assert notice.title == f"{app.reference} 一次性社会保险补贴：退回修改"
    assert notice.body == "申请被退回修改，请按意见修改后重新提交。\n意见：请更正缴费额"
    assert notice.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[firm_user.email]]
    assert Delivery.objects.get(event=event).notices == 1

    assert outbox.deliver(event.pk) == 0  # again: nothing new
    assert Notification.objects.filter(event=event).count() == 1 and len(mail.outbox) == 1


def test_a_refused_move_hands_nothing_to_the_outbox(reviewer, django_capture_on_commit_callbacks) -> None:
    app = application(organisation())
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TransitionError):
        transition(APPLICATIONS, app, to=S.PAID, actor=reviewer)
    assert callbacks == []


def test_every_declared_move_joins_two_states_of_its_case_type() -> None:
    assert _REGISTRY, "no workflow registered"
    for workflow in _REGISTRY.values():
        states = set(workflow.states)
        for (frm, to), move in workflow.moves.items():
            assert frm in states and to in states, (workflow.model, frm, to)
            assert move.label and move.parties, (workflow.model, frm, to)
        assert any(f.name == "status" for f in workflow.model._meta.concrete_fields)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_audit_rows_refuse_update_and_delete_on_postgresql(reviewer) -> None:
    app = application(organisation())
    event = app.changes.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.reason == "" and CaseEvent.objects.filter(pk=event.pk).exists()
