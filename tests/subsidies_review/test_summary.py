"""The dashboards' summary follows every move exactly: after submit, 容缺, 补正, approve, reject, pay
and withdraw, the summary kept up move by move equals one counted from scratch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wengang import clock
from wengang.monitoring import dashboard
from wengang.monitoring.dashboard import Scope
from wengang.registry.models import Street
from wengang.subsidies.models import ApplicationFigures, ApplicationSummary, Status
from wengang.subsidies.services.apply import application_withdraw
from wengang.subsidies.services.review import (
    MissingItem,
    application_accept,
    application_accept_with_deficiencies,
    application_approve,
    application_confirm_supplied,
    application_record_payment,
    application_reject,
)
from wengang.subsidies.summary import summary_as_of, summary_rebuild, summary_refresh, summary_totals
from wengang.subsidies.tasks import rebuild_dashboard_summary

from .conftest import application, organisation

pytestmark = pytest.mark.django_db
D = Decimal


def moves(reviewer):
    """Five applications of two streets moved through the services (OP3, 9,000.00 each)."""
    paid = application(organisation(), "OP3")
    deficient = paid.deficiencies
    application_accept_with_deficiencies(application=paid, actor=reviewer, items=[MissingItem("2020年4月缴费凭证")])
    application_confirm_supplied(application=paid, actor=reviewer, deficiencies=list(deficient.all()))
    application_approve(application=paid, actor=reviewer)
    application_record_payment(
        application=paid, actor=reviewer, batch_reference="PB1", paid_on=dt.date(2020, 6, 10),
        amount=D("8999.50"), payment_reference="TX-1", reason="扣除手续费",
    )  # fmt: skip
    approved = application(organisation(street="孙河"), "OP3")
    application_accept(application=approved, actor=reviewer)
    application_approve(application=approved, actor=reviewer)
    rejected = application(organisation(), "OP3")
    application_accept(application=rejected, actor=reviewer)
    application_reject(application=rejected, actor=reviewer, clauses=["OP3.1(1)"])
    withdrawn = application(organisation(), "OP3")
    application_withdraw(application=withdrawn, user=withdrawn.applicant)
    waiting = application(organisation(street="孙河"), "OP3")
    application_accept_with_deficiencies(application=waiting, actor=reviewer, items=[MissingItem("劳动合同")])
    return [paid, approved, rejected, withdrawn, waiting]


def test_the_summary_kept_move_by_move_equals_a_rebuild(reviewer):
    moves(reviewer)
    summary_as_of(clock.today())  # as the dashboards do before reading
    kept = summary_totals()
    assert summary_rebuild() == ApplicationSummary.objects.count()
    assert summary_totals() == kept
    # five submitted on 2020-06-01: two approved for 18,000.00, one paid 8,999.50 after 容缺, two 容缺 cases
    [subsidy] = dashboard.by_subsidy(Scope())
    assert subsidy.values == (5, 2, D("18000.00"), D("8999.50"))
    assert {r.label: r.values for r in dashboard.deficiency_outcomes(Scope())} == {
        "已拨付": (1,),
        "容缺受理（待补正）": (1,),
    }
    # decided the day they were submitted: three in time; the 容缺 one waits, due within the limit
    [review] = dashboard.review_times(Scope())
    assert review.values == (3, 0, 1, 0)


def test_a_street_sees_its_own_figures(reviewer):
    moves(reviewer)
    sunhe = Street.objects.get(name="孙河").pk
    [subsidy] = dashboard.by_subsidy(Scope(street_id=sunhe))
    assert subsidy.values == (2, 1, D("9000.00"), D("0.00"))


def test_refreshing_again_changes_nothing(reviewer):
    apps = moves(reviewer)
    kept = summary_totals()
    summary_refresh(a.pk for a in apps)
    assert summary_totals() == kept
    assert ApplicationFigures.objects.count() == 5


def test_a_draft_is_not_counted_until_submitted(reviewer):
    draft = application(organisation(), "OP3", status=Status.DRAFT)
    summary_refresh([draft.pk])
    assert not ApplicationSummary.objects.exists()


def test_the_nightly_rebuild_counts_a_firm_that_moved_street(reviewer):
    [paid, *_] = moves(reviewer)
    org = paid.organisation
    org.street = Street.objects.get(name="孙河")
    org.save(update_fields=["street"])  # a registry import changes the firm's street
    assert rebuild_dashboard_summary.delay().get() == ApplicationSummary.objects.count()
    [subsidy] = dashboard.by_subsidy(Scope(street_id=org.street_id))
    assert subsidy.values == (3, 2, D("18000.00"), D("8999.50"))


def test_a_case_becomes_overdue_when_the_summary_date_passes_its_limit(reviewer, settings):
    moves(reviewer)  # the 容缺 case is due 2020-06-22
    summary_as_of(clock.today())
    assert dashboard.review_times(Scope())[0].values == (3, 0, 1, 0)
    settings.WENGANG_TODAY = "2020-06-23"
    assert dashboard.review_times(Scope())[0].values == (3, 0, 0, 1)
    kept = summary_totals()
    summary_rebuild()
    assert summary_totals() == kept
