"""Reads of the key-enterprise service: what a user may see, and the follow-ups due."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum

from wengang import clock
from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation

from .models import ContactEntry, Need
from .permissions import SERVICE_DEPARTMENT, is_service_centre, is_street_staff


def managed_enterprises(user: User) -> QuerySet[Organisation]:
    """The key enterprises whose ledger and contact log the user keeps."""
    key = Organisation.objects.exclude(key_category="")
    if is_service_centre(user):
        return key
    if is_street_staff(user) and user.street_id is not None:
        return key.filter(street_id=user.street_id)
    return key.none()


def enterprises_with_totals(user: User) -> QuerySet[Organisation]:
    live = ~Q(needs__status="closed")
    return (
        managed_enterprises(user)
        .select_related("street")
        .annotate(
            need_count=Count("needs", filter=live),
            positions=Sum("needs__count", filter=live),
            filled=Sum("needs__filled", filter=live),
        )
        .order_by("key_category", "name")
    )


def pushed_needs(user: User) -> QuerySet[Need]:
    """Needs pushed to the user's agency, or to the street of a street staff member."""
    needs = Need.objects.select_related("organisation", "street")
    if user.role == Role.AGENCY and user.organisation_id is not None:
        return needs.filter(publications__agencies=user.organisation_id).distinct()
    if is_street_staff(user):
        return needs.filter(publications__streets=user.street_id).distinct()
    return needs.none()


def due_followups(user: User, on: dt.date | None = None) -> QuerySet[ContactEntry]:
    """Follow-ups due by ``on`` (today) and not yet settled by a later contact, in the user's scope."""
    day = on or clock.today()
    scope = managed_enterprises(user)
    return (
        ContactEntry.objects.filter(organisation__in=scope, follow_up_on__lte=day, followed_up_by__isnull=True)
        .select_related("organisation", "responsible")
        .order_by("follow_up_on", "id")
    )


def responsible_candidates(organisation: Organisation) -> QuerySet[User]:
    """Staff who may be made responsible for an enterprise's follow-ups (they keep its log)."""
    who = Q(role=Role.ADMIN) | Q(is_superuser=True) | Q(role=Role.REVIEWER, department__code=SERVICE_DEPARTMENT)
    if organisation.street_id is not None:
        who |= Q(role=Role.STREET, street_id=organisation.street_id)
    return User.objects.filter(who, is_active=True).order_by("username")
