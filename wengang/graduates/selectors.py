"""Reads of the graduates app: the engine's N9 decision for an agreement, and each party's list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin
from wengang.policy.explain import PolicyResult, explain

from .models import Agreement, Status


def n9_decision(*, graduation_year: int | None, signed_on: dt.date, report_on: dt.date | None) -> PolicyResult:
    """N9 (the engine): the class the extension applies to, the signing and report deadlines."""
    facts = {"kind": "graduate", "graduation_year": graduation_year, "signed_on": signed_on, "report_on": report_on}
    return explain(facts, signed_on).result("N9")


def decision_for(agreement: Agreement, on: dt.date) -> PolicyResult:
    """The decision as of signing: its signing date once signed, else ``on``."""
    return n9_decision(
        graduation_year=agreement.graduation_year, signed_on=agreement.signed_on or on, report_on=agreement.report_on
    )


def agreements_for(user: User) -> QuerySet[Agreement]:
    """What the user may list: an employer its unit's offers, a school its graduates', a graduate
    their own, an administrator all; those waiting for this party first."""
    rows = Agreement.objects.select_related("employer", "school", "graduate")
    if user.role == Role.ENTERPRISE:
        rows, waiting = rows.filter(employer_id=user.organisation_id), None
    elif user.role == Role.SCHOOL:
        rows, waiting = rows.filter(school_id=user.organisation_id), Status.ACCEPTED
    elif user.role == Role.INDIVIDUAL:
        rows, waiting = rows.filter(graduate=user), Status.OFFERED
    elif not is_admin(user):
        return Agreement.objects.none()
    else:
        waiting = None
    first = When(status=waiting, then=Value(0)) if waiting else When(pk=None, then=Value(0))
    return rows.annotate(waits=Case(first, default=Value(1), output_field=IntegerField())).order_by(
        "waits", "-offered_on", "-pk"
    )
