"""Who may see and do what in the deferral app. Plain functions, called by every view."""

from __future__ import annotations

from wengang.accounts.models import Role, User
from wengang.accounts.permissions import is_admin, is_applicant

from .models import DeferralApplication, Status
from .workflow import authority_of


def can_view_deferral_status(user: User) -> bool:
    """The users of a unit (enterprise or agency) see its I2 / I3 status and file I3 applications."""
    return is_applicant(user)


def is_industry_authority(user: User) -> bool:
    """A municipal industry authority account with the industries it confirms."""
    return user.is_authenticated and user.role == Role.INDUSTRY and authority_of(user) is not None


def can_view_deferral_application(user: User, application: DeferralApplication) -> bool:
    """The applicant unit's users; the authority of the claimed industry; administrators."""
    if not user.is_authenticated:
        return False
    if is_applicant(user):
        return user.organisation_id == application.organisation_id
    if user.role == Role.INDUSTRY:
        authority = authority_of(user)
        return authority is not None and authority.covers(application.industry)
    return is_admin(user)


def can_decide_deferral(user: User, application: DeferralApplication) -> bool:
    """The authority of the claimed industry, while the application awaits its decision."""
    if not is_industry_authority(user) or application.status != Status.SUBMITTED:
        return False
    authority = authority_of(user)
    return authority is not None and authority.covers(application.industry)
