"""Who may see and change what. Plain functions, called by every view, tested as a matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import ORGANISATION_ROLES, Role, User

if TYPE_CHECKING:
    from wengang.registry.models import Organisation
    from wengang.subsidies.models import Application, SubsidyType


def is_applicant(user: User) -> bool:
    """An enterprise or agency account bound to an organisation."""
    return user.is_authenticated and user.role in ORGANISATION_ROLES and user.organisation_id is not None


def is_reviewer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REVIEWER and user.department_id is not None


def is_municipal(user: User) -> bool:
    return user.is_authenticated and user.role == Role.MUNICIPAL


def is_admin(user: User) -> bool:
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


def is_enterprise(user: User) -> bool:
    """An enterprise's user, bound to its unit."""
    return is_applicant(user) and user.role == Role.ENTERPRISE


def is_individual(user: User) -> bool:
    return user.is_authenticated and user.role == Role.INDIVIDUAL


def is_street_staff(user: User) -> bool:
    """Street (街乡) staff bound to a street: they see and act for that street's people and firms."""
    return user.is_authenticated and user.role == Role.STREET and user.street_id is not None


def is_department_reviewer(user: User, code: str) -> bool:
    """A district reviewer of the department whose code is ``code``."""
    return is_reviewer(user) and user.department is not None and user.department.code == code


def is_staff_of(user: User, role: str, kind: str) -> bool:
    """A user of ``role`` bound to an organisation of ``kind`` (a university's, a bank's staff)."""
    return (
        user.is_authenticated
        and user.role == role
        and user.organisation is not None
        and user.organisation.kind == kind
    )


def can_view_organisation(user: User, organisation: Organisation) -> bool:
    if is_applicant(user):
        return user.organisation_id == organisation.pk
    return user.is_authenticated and user.is_bureau_staff


def can_apply(user: User, subsidy_type: SubsidyType) -> bool:
    """Applicants whose organisation is of the kind the subsidy is for."""
    if not is_applicant(user):
        return False
    assert user.organisation is not None
    return user.organisation.kind == subsidy_type.applicant_kind


def can_view_application(user: User, application: Application) -> bool:
    """The applicant organisation's users; the reviewing department; the municipal group once
    the application reaches it; administrators. Never another organisation."""
    if not user.is_authenticated:
        return False
    if is_applicant(user):
        return user.organisation_id == application.organisation_id
    if is_reviewer(user):
        return user.department_id == application.subsidy_type.department_id
    if is_municipal(user):
        return bool(application.changes.filter(to_status="municipal_review").exists())
    return is_admin(user)


def can_edit_application(user: User, application: Application) -> bool:
    """Applicants edit their own drafts and returned applications."""
    return (
        is_applicant(user)
        and user.organisation_id == application.organisation_id
        and application.status in ("draft", "returned")  # subsidies.models.EDITABLE
    )


def can_supply_deficiency(user: User, application: Application) -> bool:
    return (
        is_applicant(user)
        and user.organisation_id == application.organisation_id
        and application.status == "deficient"
    )


def can_review(user: User, application: Application) -> bool:
    """District reviewers of the subsidy's department; municipal members at the joint review."""
    if is_reviewer(user):
        return user.department_id == application.subsidy_type.department_id
    if is_municipal(user):
        return application.status == "municipal_review"
    return False


def can_record_payment(user: User, application: Application) -> bool:
    return is_reviewer(user) and user.department_id == application.subsidy_type.department_id


def can_enrol_totp(user: User) -> bool:
    """Bureau staff (and superusers) bind an authenticator app for one-time codes."""
    return user.is_authenticated and (user.is_bureau_staff or user.is_superuser)


def can_import_registry(user: User) -> bool:
    """Only administrators load registry extracts: an import rewrites every organisation's facts."""
    return is_admin(user)
