"""Who may see and do what with graduates' agreements. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_enterprise, is_individual, is_staff_of
from wengang.registry.models import Organisation

from .models import Agreement

#: an enterprise's user offers posts to graduates for its unit
is_employer = is_enterprise
is_graduate = is_individual


def is_school(user: User) -> bool:
    """A university's employment office: confirms its own graduates' agreements."""
    return is_staff_of(user, Role.SCHOOL, Organisation.Kind.SCHOOL)


def can_list_agreements(user: User) -> bool:
    return is_employer(user) or is_school(user) or is_graduate(user) or is_admin(user)


def can_view_agreement(user: User, agreement: Agreement) -> bool:
    """The three parties and administrators; nobody else learns the agreement exists."""
    if not user.is_authenticated:
        return False
    if user.pk == agreement.graduate_id:
        return True
    if user.role == Role.ENTERPRISE:
        return user.organisation_id == agreement.employer_id
    if user.role == Role.SCHOOL:
        return user.organisation_id == agreement.school_id
    return is_admin(user)
