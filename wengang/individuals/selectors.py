"""Reads for the individuals' pages: recommended posts from the job market, the street office's
queue, and whether ID numbers are registered unemployed (the OP1 hook)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from wengang.accounts.models import Role, User
from wengang.clock import today
from wengang.jobs.models import JobPost
from wengang.jobs.selectors import Results, Search

from .models import (
    CONFIRMED_REGISTRATIONS,
    OPEN_REGISTRATIONS,
    BenefitClaim,
    ClaimStatus,
    RegistrationStatus,
    UnemploymentRegistration,
)

RECOMMENDED = 5


def recommended_posts(registration: UnemploymentRegistration) -> list[JobPost]:
    """Published posts matching the person's job wishes (the job market's own search and order);
    posts of the person's street first when the wishes match nothing."""
    found = Results(Search(q=registration.job_wishes), today=today())[:RECOMMENDED]
    if found:
        return list(found)
    return list(Results(Search(street=registration.street), today=today())[:RECOMMENDED])


def registrations_of(person: User) -> QuerySet[UnemploymentRegistration]:
    return UnemploymentRegistration.objects.filter(person=person).prefetch_related("materials")


def claims_of(person: User) -> QuerySet[BenefitClaim]:
    return BenefitClaim.objects.filter(person=person)


def open_registration(person: User) -> UnemploymentRegistration | None:
    return registrations_of(person).filter(status__in=OPEN_REGISTRATIONS).first()


def street_queue(user: User) -> tuple[QuerySet[UnemploymentRegistration], QuerySet[BenefitClaim]]:
    """The registrations and claims of the user's street waiting for the office (all streets for
    administrators), oldest first."""
    regs = UnemploymentRegistration.objects.filter(status=RegistrationStatus.SUBMITTED).select_related(
        "person", "street"
    )
    claims = BenefitClaim.objects.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED]).select_related(
        "person", "registration__street"
    )
    if user.role == Role.STREET:
        street = user.street_id or 0  # staff without a street see nothing
        regs = regs.filter(street_id=street)
        claims = claims.filter(registration__street_id=street)
    return regs.order_by("filed_on", "id"), claims.order_by("status", "filed_on", "id")


def unemployment_registered(id_numbers: Iterable[str]) -> dict[str, bool]:
    """For ID numbers of people with an account here: whether the street office ever confirmed
    their unemployment registration. People without an account are absent (registered elsewhere
    or before the service: nothing is known here)."""
    wanted = {n for n in id_numbers if n}
    known = dict.fromkeys(
        User.objects.filter(role=Role.INDIVIDUAL, id_number__in=wanted).values_list("id_number", flat=True), False
    )
    confirmed = UnemploymentRegistration.objects.filter(
        person__id_number__in=list(known), status__in=CONFIRMED_REGISTRATIONS
    ).values_list("person__id_number", flat=True)
    for number in confirmed:
        known[number] = True
    return known
