"""Who may see and act on layoff reports. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import User
from wengang.accounts.permissions import is_admin, is_department_reviewer
from wengang.accounts.permissions import is_enterprise as is_enterprise

from .models import LayoffReport, Status

#: the 劳动关系科 receives layoff reports
DEPARTMENT = "labour-relations"


def is_labour_relations(user: User) -> bool:
    """A reviewer of the 劳动关系科."""
    return is_department_reviewer(user, DEPARTMENT)


def can_file_report(user: User) -> bool:
    return is_enterprise(user)


def can_list_reports(user: User) -> bool:
    return is_enterprise(user) or is_labour_relations(user) or is_admin(user)


def can_view_report(user: User, report: LayoffReport) -> bool:
    """The reporting enterprise's users, the 劳动关系科 (once submitted) and administrators."""
    if is_enterprise(user):
        return user.organisation_id == report.organisation_id
    if is_labour_relations(user):
        return report.status != Status.DRAFT
    return is_admin(user)


def can_edit_report(user: User, report: LayoffReport) -> bool:
    return (
        is_enterprise(user)
        and user.organisation_id == report.organisation_id
        and report.status in (Status.DRAFT, Status.RETURNED)
    )


def can_decide_report(user: User, report: LayoffReport) -> bool:
    return is_labour_relations(user) and report.status == Status.SUBMITTED


def can_see_warning(user: User) -> bool:
    """The early-warning counts are for bureau staff."""
    return user.is_authenticated and (user.is_bureau_staff or user.is_superuser)
