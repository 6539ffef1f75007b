"""Who may see and change what on the training platform. Plain functions, tested as a matrix."""

from __future__ import annotations

from wengang.accounts import permissions as base
from wengang.accounts.models import Role, User
from wengang.subsidies.models import Application

from .models import Course, Lesson
from .services import is_provider_account


def is_provider_staff(user: User) -> bool:
    """Staff of a training institution (commissioned training, licence, live view)."""
    return user.is_authenticated and user.role == Role.PROVIDER and user.organisation_id is not None


def may_run_courses(user: User) -> bool:
    """Training institutions, and enterprises training their own staff."""
    return is_provider_account(user)


def may_manage_course(user: User, course: Course) -> bool:
    return is_provider_account(user) and user.organisation_id == course.provider_id


def may_watch(user: User, lesson: Lesson) -> bool:
    """The learner enrolled on the course (by the ID number on the account); the provider's staff."""
    if may_manage_course(user, lesson.course):
        return True
    return bool(
        user.is_authenticated and user.id_number and lesson.course.enrolments.filter(id_number=user.id_number).exists()
    )


def may_claim(user: User) -> bool:
    """An enterprise builds its OP6 claim from its employees' learning record."""
    return base.is_applicant(user) and user.organisation is not None and user.organisation.kind == "enterprise"


def may_see_claim_record(user: User, application: Application) -> bool:
    """The learning record behind an OP6 claim: whoever may see the claim (its firm, its reviewers)."""
    return application.subsidy_type.policy == "OP6" and base.can_view_application(user, application)
