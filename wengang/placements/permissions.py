"""Who may see and act on candidates, placements and internship bases. Plain functions, called by
every view; an organisation never sees another organisation's records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wengang.accounts import permissions as base
from wengang.accounts.models import STAFF_ROLES, Role, User

if TYPE_CHECKING:
    from wengang.jobs.models import JobPost

    from .models import Candidacy, InternshipBase, Placement

#: 人力资源公共服务中心: reviews OP4 and the internship bases
PUBLIC_SERVICE = "public-service"


def is_agency(user: User) -> bool:
    return base.is_applicant(user) and user.role == Role.AGENCY


def is_enterprise(user: User) -> bool:
    return base.is_applicant(user) and user.role == Role.ENTERPRISE


def is_job_seeker(user: User) -> bool:
    """An individual account with a resident ID number on file."""
    return user.is_authenticated and user.role == Role.INDIVIDUAL and bool(user.id_number)


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and (user.role in STAFF_ROLES or user.is_superuser)


def is_public_service_reviewer(user: User) -> bool:
    return base.is_reviewer(user) and user.department is not None and user.department.code == PUBLIC_SERVICE


# ---- candidates ---------------------------------------------------------------------------------


def can_apply_to_post(user: User, post: JobPost) -> bool:
    return is_job_seeker(user) and post.status == "published"


def can_recommend(user: User, post: JobPost) -> bool:
    """Bureau staff and HR agencies recommend job seekers to published posts."""
    return (is_staff_member(user) or is_agency(user)) and post.status == "published"


def can_see_all_candidates(user: User, post: JobPost) -> bool:
    """The post's employer and bureau staff see everyone who applied or was recommended."""
    if base.is_applicant(user):
        return user.organisation_id == post.organisation_id
    return is_staff_member(user)


def can_view_candidacy(user: User, candidacy: Candidacy) -> bool:
    if not user.is_authenticated:
        return False
    if candidacy.seeker_id is not None and candidacy.seeker_id == user.pk:
        return True
    if base.is_applicant(user):
        return user.organisation_id in (candidacy.post.organisation_id, candidacy.agency_id)
    return is_staff_member(user)


# ---- placements (OP4) ---------------------------------------------------------------------------


def can_declare_placement(user: User) -> bool:
    return is_agency(user)


def can_view_placement(user: User, placement: Placement) -> bool:
    """The declaring agency, the enterprise it names, 公共服务中心 and administrators."""
    if base.is_applicant(user):
        return user.organisation_id in (placement.agency_id, placement.enterprise_id)
    return is_public_service_reviewer(user) or base.is_admin(user)


def can_list_all_placements(user: User) -> bool:
    return is_public_service_reviewer(user) or base.is_admin(user)


# ---- internship bases ---------------------------------------------------------------------------


def can_apply_for_base(user: User) -> bool:
    return is_enterprise(user)


def can_view_base(user: User, internship_base: InternshipBase) -> bool:
    if base.is_applicant(user):
        return user.organisation_id == internship_base.organisation_id
    return is_public_service_reviewer(user) or base.is_admin(user)


def can_review_base(user: User) -> bool:
    """Reviewers of 人力资源公共服务中心 approve or reject internship bases."""
    return is_public_service_reviewer(user)
