"""Who may see and act on candidates, placements and internship bases. Plain functions, called by
every view; an organisation never sees another organisation's records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wengang.accounts import permissions as base
from wengang.accounts.models import STAFF_ROLES, Role, User
from wengang.accounts.permissions import is_enterprise as is_enterprise
from wengang.accounts.permissions import is_street_staff as is_street_staff

if TYPE_CHECKING:
    from wengang.jobs.models import JobPost

    from .models import Candidacy, InternshipBase, Placement

#: 人力资源公共服务中心: reviews OP4 and the internship bases
PUBLIC_SERVICE = "public-service"


def is_agency(user: User) -> bool:
    return base.is_applicant(user) and user.role == Role.AGENCY


def is_job_seeker(user: User) -> bool:
    """An individual account with a resident ID number on file."""
    return user.is_authenticated and user.role == Role.INDIVIDUAL and bool(user.id_number)


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and (user.role in STAFF_ROLES or user.is_superuser)


def is_public_service_reviewer(user: User) -> bool:
    return base.is_department_reviewer(user, PUBLIC_SERVICE)


# ---- candidates ---------------------------------------------------------------------------------


def can_apply_to_post(user: User, post: JobPost) -> bool:
    return is_job_seeker(user) and post.status == "published"


def can_recommend(user: User, post: JobPost) -> bool:
    """Those who place job seekers recommend them to published posts: HR agencies, street offices
    (their residents, to a post anywhere), 公共服务中心 and administrators. Other staff roles
    (industry authority, municipal group, other departments) have no part in hiring."""
    return (is_agency(user) or is_placement_staff(user)) and post.status == "published"


def is_placement_staff(user: User) -> bool:
    """Staff whose work includes job placement: street offices, 公共服务中心, administrators."""
    return is_street_staff(user) or is_public_service_reviewer(user) or base.is_admin(user)


def staff_sees_post_candidates(user: User, post: JobPost) -> bool:
    """公共服务中心 and administrators follow every post's candidates; a street office those of
    posts in its street (the workplace's street or the firm's registered street)."""
    if is_public_service_reviewer(user) or base.is_admin(user):
        return True
    if is_street_staff(user):
        return user.street_id in (post.street_id, post.organisation.street_id)
    return False


def can_see_all_candidates(user: User, post: JobPost) -> bool:
    """The post's own firm, and the staff who follow its candidates, see everyone who applied or
    was recommended. Nobody else sees more than their own candidacies."""
    if base.is_applicant(user):
        return user.organisation_id == post.organisation_id
    return staff_sees_post_candidates(user, post)


def can_open_post_candidates(user: User, post: JobPost) -> bool:
    """The candidates page of a post. Another enterprise never opens a firm's page. A post that is
    not published (rejected, withdrawn, expired, in moderation, a draft) is, like ``/jobs/<pk>/``,
    closed to everyone but its firm, the staff who follow its candidates and those who already
    have a candidacy on it (the job seeker, the recommender)."""
    if not user.is_authenticated:
        return False
    if is_enterprise(user):
        return user.organisation_id == post.organisation_id
    if post.status == "published" or can_see_all_candidates(user, post):
        return True
    mine = post.candidacies.filter(seeker_id=user.pk) | post.candidacies.filter(recommended_by_id=user.pk)
    if is_agency(user):
        mine = mine | post.candidacies.filter(agency_id=user.organisation_id)
    return mine.exists()


def is_employer(user: User, candidacy: Candidacy) -> bool:
    """Only the post's own firm decides hiring (interview, hire, not hire)."""
    return is_enterprise(user) and user.organisation_id == candidacy.post.organisation_id


def is_recommender(user: User, candidacy: Candidacy) -> bool:
    return candidacy.recommended_by_id == user.pk or (
        candidacy.agency_id is not None and is_agency(user) and user.organisation_id == candidacy.agency_id
    )


def can_view_candidacy(user: User, candidacy: Candidacy) -> bool:
    if not user.is_authenticated:
        return False
    if candidacy.seeker_id is not None and candidacy.seeker_id == user.pk:
        return True
    if is_recommender(user, candidacy):
        return True
    if base.is_applicant(user):
        return user.organisation_id == candidacy.post.organisation_id
    return staff_sees_post_candidates(user, candidacy.post)


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


def can_list_bases(user: User) -> bool:
    """Enterprises see their own internship bases; 人力资源公共服务中心 and administrators see all."""
    return is_enterprise(user) or is_public_service_reviewer(user) or base.is_admin(user)


def can_view_base(user: User, internship_base: InternshipBase) -> bool:
    if base.is_applicant(user):
        return user.organisation_id == internship_base.organisation_id
    return is_public_service_reviewer(user) or base.is_admin(user)


def can_review_base(user: User) -> bool:
    """Reviewers of 人力资源公共服务中心 approve or reject internship bases."""
    return is_public_service_reviewer(user)
