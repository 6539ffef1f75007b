"""Who may see and do what in the individuals' services. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_applicant, is_street_staff

from .models import BenefitClaim, RegistrationMaterial, UnemploymentRegistration


def is_individual(user: User) -> bool:
    """A person's own account (self-registered, with a checked ID number)."""
    return user.is_authenticated and user.role == Role.INDIVIDUAL and bool(user.id_number)


#: the street's 社会保障事务所 confirms registrations and reviews and pays benefit claims of the people
#: registered there
is_street_office = is_street_staff


def can_use_queue(user: User) -> bool:
    return is_street_office(user) or is_admin(user)


def can_view_registration(user: User, registration: UnemploymentRegistration) -> bool:
    """The person; the street office of the registration's street; administrators."""
    if not user.is_authenticated:
        return False
    if user.role == Role.INDIVIDUAL:
        return registration.person_id == user.pk
    if is_street_office(user):
        return registration.street_id == user.street_id
    return is_admin(user)


def can_view_claim(user: User, claim: BenefitClaim) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.INDIVIDUAL:
        return claim.person_id == user.pk
    if is_street_office(user):
        return claim.registration.street_id == user.street_id
    return is_admin(user)


def can_view_material(user: User, material: RegistrationMaterial) -> bool:
    return can_view_registration(user, material.registration)


def can_supply_material(user: User, registration: UnemploymentRegistration) -> bool:
    """The person adds the 容缺 separation proof while the registration is open."""
    return (
        is_individual(user)
        and registration.person_id == user.pk
        and registration.status in ("submitted", "registered")  # models.OPEN_REGISTRATIONS
    )


def can_register_hire(user: User) -> bool:
    """An enterprise records 就业登记 for a person it hired."""
    return is_applicant(user) and user.role == Role.ENTERPRISE
