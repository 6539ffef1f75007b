"""Who may see and handle permit cases. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts import permissions as base
from wengang.accounts.models import User

from .models import PermitCase

#: the department that handles labour-dispatch and special-working-hours permits (附件3)
PERMIT_DEPARTMENT = "labour-relations"


def is_permit_staff(user: User) -> bool:
    """Reviewers of 劳动关系科."""
    return base.is_department_reviewer(user, PERMIT_DEPARTMENT)


def can_apply_for_permit(user: User) -> bool:
    """Enterprise accounts bound to an organisation (labour dispatch and working hours are employers' matters)."""
    return base.is_applicant(user) and user.role == "enterprise"


def can_view_case(user: User, case: PermitCase) -> bool:
    """The applicant organisation's users, 劳动关系科 and administrators; never another organisation."""
    if not user.is_authenticated:
        return False
    if base.is_applicant(user):
        return user.organisation_id == case.organisation_id
    return is_permit_staff(user) or base.is_admin(user)


def can_handle_case(user: User, case: PermitCase) -> bool:
    return is_permit_staff(user)


def can_add_material(user: User, case: PermitCase) -> bool:
    """The applicant adds PDFs while the electronic materials are still being checked."""
    return base.is_applicant(user) and user.organisation_id == case.organisation_id and case.status == "submitted"


def can_book_pickup(user: User, case: PermitCase) -> bool:
    if case.status != "published":
        return False
    if base.is_applicant(user):
        return user.organisation_id == case.organisation_id
    return is_permit_staff(user)
