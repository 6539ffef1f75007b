"""The 办事指南 of every service: conditions, materials, deadlines, how to apply and whom to
contact, each taken from the notice (``/work/shared/seeds``: 附件1 操作流程, 附件2, 附件3, 附件4, 附件5)
with the clause it comes from, kept as data in ``guides.yaml`` (read and checked by
``catalogue.py``). Where the notice names no phone or address, the guide says ``以主管部门公布为准``
rather than invent one.

Materials checklists that administrators keep in the admin (subsidy types, permit types) are
shown next to the notice's text, so the guide and the application form never disagree.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from .catalogue import ANNOUNCED, Contact, Guide, load

__all__ = ["ANNOUNCED", "BY_SLUG", "GROUPS", "GUIDES", "Contact", "Guide", "apply_url", "checklists", "may_use"]

GUIDES: tuple[Guide, ...] = load().guides
BY_SLUG = load().by_slug
GROUPS: tuple[tuple[str, str, tuple[Guide, ...]], ...] = load().groups


def may_use(guide: Guide, user: Any) -> bool:
    """Whether the service's page is for this person: a signed-out visitor is offered it (the page
    asks them to sign in); a signed-in one only when their role may use it (no link to a 403)."""
    if not user.is_authenticated:
        return True
    source, key = guide.checklist
    if source == "subsidy" and key != "OP4":
        from wengang.accounts.permissions import can_apply
        from wengang.subsidies.models import SubsidyType

        kind = SubsidyType.objects.filter(policy=key).first()
        return kind is not None and can_apply(user, kind)
    check = _checks().get(guide.slug)
    return bool(check(user)) if check else False


def _checks() -> dict[str, Any]:
    """Who may use each service's page (imported here: the apps' modules import nothing from this one)."""
    from wengang.assistance import permissions as assistance
    from wengang.deferral.permissions import can_view_deferral_status
    from wengang.graduates import permissions as graduates
    from wengang.individuals import permissions as individuals
    from wengang.jobs.permissions import can_post
    from wengang.layoffs.permissions import can_file_report
    from wengang.loans import permissions as loans
    from wengang.permits.permissions import can_apply_for_permit
    from wengang.placements.permissions import can_apply_for_base, can_declare_placement
    from wengang.training.permissions import may_run_courses

    def learns(user: Any) -> bool:
        """Schools and firms running courses, and trainees with an enrolment (matched by ID number)."""
        from wengang.training.services import enrolments_of

        return may_run_courses(user) or enrolments_of(user).exists()

    return {
        "op4": can_declare_placement,
        "dispatch": can_apply_for_permit,
        "hours": can_apply_for_permit,
        "layoff": can_file_report,
        "deferral": can_view_deferral_status,
        "jobs": can_post,
        "placements": can_declare_placement,
        "internship": can_apply_for_base,
        "unemployment": individuals.is_individual,
        "benefit": individuals.is_individual,
        "hardship": assistance.can_apply,
        "flexible": assistance.can_apply,
        "welfare": assistance.can_use,
        "loan-extension": loans.is_borrower_side,
        "loan-green": loans.is_borrower_side,
        "graduates": graduates.can_list_agreements,
        "training": learns,
    }


def apply_url(guide: Guide, user: Any) -> str:
    """The service's own page, for those who may use it; empty otherwise."""
    name, args = guide.apply
    if not name or not may_use(guide, user):
        return ""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def checklists(guide: Guide) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """The materials checklists kept in the admin for this service: (heading, [(name, help, required)])."""
    source, key = guide.checklist
    if source == "subsidy":
        from wengang.subsidies.models import SubsidyType

        kinds = SubsidyType.objects.filter(policy=key).prefetch_related("requirements")
        return [
            (
                "本平台在线申请需上传的材料",
                [(r.name, r.description, r.required) for r in t.requirements.order_by("order", "id")],
            )
            for t in kinds
            if t.requirements.exists()
        ]
    if source == "permit":
        from wengang.permits.models import PermitType

        types = PermitType.objects.filter(kind=key, active=True).order_by("order", "id")
        return [
            (t.name, [(r.name, r.description, r.required) for r in t.requirements.order_by("order", "id")])
            for t in types
            if t.requirements.exists()
        ]
    return []
