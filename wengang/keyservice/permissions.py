"""Who may see and handle the key-enterprise service. Plain functions, called by every view.

Staff: the reviewers of 人力资源公共服务中心 (all key enterprises), street staff (the key
enterprises registered in their street), administrators. An enterprise sees its own needs,
read-only; an agency sees the needs pushed to it; street staff also see needs pushed to their
street. Nobody outside the staff sees the contact log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wengang.accounts import permissions as base
from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_street_staff as is_street_staff

if TYPE_CHECKING:
    from wengang.registry.models import Organisation

    from .models import ContactEntry, Need

#: the department that serves key enterprises (附件2: 区人力资源公共服务中心)
SERVICE_DEPARTMENT = "public-service"


def is_service_centre(user: User) -> bool:
    """Reviewers of 人力资源公共服务中心, and administrators: every key enterprise is theirs."""
    if base.is_admin(user):
        return True
    return base.is_department_reviewer(user, SERVICE_DEPARTMENT)


def is_keyservice_staff(user: User) -> bool:
    return is_service_centre(user) or is_street_staff(user)


def can_manage_enterprise(user: User, organisation: Organisation) -> bool:
    """Keep the ledger and the contact log of a key enterprise."""
    if not organisation.key_category:
        return False
    if is_service_centre(user):
        return True
    return is_street_staff(user) and organisation.street_id is not None and organisation.street_id == user.street_id


def can_view_enterprise(user: User, organisation: Organisation) -> bool:
    """The enterprise's page: its staff, and the enterprise's own users (needs only)."""
    if can_manage_enterprise(user, organisation):
        return True
    return base.is_applicant(user) and user.organisation_id == organisation.pk


def can_view_need(user: User, need: Need) -> bool:
    if not user.is_authenticated:
        return False
    if can_view_enterprise(user, need.organisation):
        return True
    if base.is_applicant(user) and user.role == Role.AGENCY:
        return need.publications.filter(agencies=user.organisation_id).exists()
    if is_street_staff(user):
        return need.publications.filter(streets=user.street_id).exists()
    return False


def can_edit_need(user: User, need: Need) -> bool:
    return can_manage_enterprise(user, need.organisation)


def can_view_contact(user: User, entry: ContactEntry) -> bool:
    return can_manage_enterprise(user, entry.organisation)
