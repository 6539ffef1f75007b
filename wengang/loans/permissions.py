"""Who may see and do what with guarantee loans. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_reviewer, is_staff_of
from wengang.registry.models import Organisation

from .models import ExtensionRequest, GuaranteeApplication, Loan

#: the department that reviews guarantee applications (创业担保贷款 is an employment service)
GUARANTEE_DEPARTMENT = "labour-service"


def is_bank(user: User) -> bool:
    """A bank's staff: confirms extensions of the loans it granted."""
    return is_staff_of(user, Role.BANK, Organisation.Kind.BANK)


def is_borrower_side(user: User) -> bool:
    """Individuals, and small firms' users: borrow, request extensions, apply through the green channel."""
    return user.is_authenticated and (
        user.role == Role.INDIVIDUAL or (user.role == Role.ENTERPRISE and user.organisation_id is not None)
    )


def can_review_guarantees(user: User) -> bool:
    return (is_reviewer(user) and user.department is not None and user.department.code == GUARANTEE_DEPARTMENT) or (
        is_admin(user)
    )


def _borrows(user: User, loan: Loan) -> bool:
    if user.pk == loan.borrower_id:
        return True
    return user.role == Role.ENTERPRISE and loan.organisation_id is not None and user.organisation_id == loan.organisation_id


def can_view_loan(user: User, loan: Loan) -> bool:
    """The borrower (or its firm's users), the bank that granted it, administrators."""
    if not user.is_authenticated:
        return False
    if _borrows(user, loan):
        return True
    if is_bank(user):
        return user.organisation_id == loan.bank_id
    return is_admin(user)


def can_request_extension(user: User, loan: Loan) -> bool:
    return user.is_authenticated and _borrows(user, loan)


def can_view_extension(user: User, request: ExtensionRequest) -> bool:
    return can_view_loan(user, request.loan)


def can_view_guarantee(user: User, application: GuaranteeApplication) -> bool:
    """The applicant (or its firm's users), the chosen bank, the reviewing department, administrators."""
    if not user.is_authenticated:
        return False
    if user.pk == application.applicant_id:
        return True
    if user.role == Role.ENTERPRISE and application.organisation_id is not None:
        return user.organisation_id == application.organisation_id
    if is_bank(user):
        return user.organisation_id == application.bank_id
    return can_review_guarantees(user)
