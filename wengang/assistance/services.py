"""Writes for 就业援助: certification (create, evidence, submit, decide), monthly subsidy claims,
public-welfare posts, placements and attendance.

Every eligibility, amount and limit is the engine's (``rules/assistance.py``: N13.cert, N13,
N13.term, N15); these services gather the facts (ages from the ID number's birth date, months
already subsidised, a post's occupancy) and act on its answer. Each write is one transaction:
a refusal writes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.workflow import TransitionError, record_event, transition
from wengang.policy import explain
from wengang.policy.explain import PolicyResult
from wengang.registry.models import Street
from wengang.registry.validators import id_number_ok
from wengang.subsidies.services.materials import MaterialError, read_pdf, store_pdf

from .models import (
    Attendance,
    Certification,
    CertificationStatus,
    ClaimStatus,
    Evidence,
    FlexibleClaim,
    HardshipCategory,
    PlacementStatus,
    WelfarePlacement,
    WelfarePost,
)
from .workflow import CERTIFICATIONS, CLAIMS, PLACEMENTS

C, F, P = CertificationStatus, ClaimStatus, PlacementStatus
MAX_PAGES = 30
MAX_MEGABYTES = 10
#: claims that count towards the subsidy term (a refused month was not subsidised)
COUNTED_CLAIMS = (F.SUBMITTED, F.APPROVED)

__all__ = ["AssistanceError", "MaterialError", "TransitionError"]


class AssistanceError(Exception):
    """A write that cannot be made; the message says why, in Chinese."""


# ---- facts ---------------------------------------------------------------------------------


def birth_and_sex(id_number: str) -> tuple[dt.date, str] | None:
    """The birth date and sex a resident ID number encodes (GB 11643-1999: the 17th digit is odd
    for men), or None for a missing or invalid number."""
    if not id_number_ok(id_number):
        return None
    text = id_number.strip()
    born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    return born, "male" if int(text[16]) % 2 else "female"


def age_in_months(born: dt.date, on: dt.date) -> int:
    """Whole months of age on ``on`` (a birthday not yet reached in the month does not count)."""
    months = (on.year - born.year) * 12 + on.month - born.month
    return months - 1 if on.day < born.day else months


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _reasons(result: PolicyResult) -> list[str]:
    """Why the engine does not say yes, each with its clause id."""
    out = []
    for cond in result.conditions:
        if cond.status == "unmet":
            out.append(f"{cond.text} [{cond.clause}]")
        elif cond.status == "unknown":
            out.append(f"{cond.label}：无法判断 [{cond.clause}]")
    return out


def certification_facts(certification: Certification, on: dt.date) -> dict[str, Any]:
    person = birth_and_sex(certification.person.id_number)
    age = age_in_months(person[0], on) if person else None
    return {
        "kind": "hardship",
        "category": certification.category.name,
        "category_listed": certification.category.active,
        "sex": person[1] if person else None,
        "age_months": age,
        "age_years": None if age is None else age // 12,
        "beijing_hukou": certification.beijing_hukou,
        "not_employed": certification.not_employed,
        "evidence": certification.evidence.exists(),
    }


def judge_certification(certification: Certification, on: dt.date | None = None) -> PolicyResult:
    on = on or clock.today()
    return explain(certification_facts(certification, on), on).result("N13.cert")


# ---- certification ---------------------------------------------------------------------------


def live_certification(person: User) -> Certification | None:
    return Certification.objects.filter(person=person, status__in=(C.DRAFT, C.SUBMITTED, C.CERTIFIED)).first()


def certification_create(
    *,
    person: User,
    street: Street,
    category: HardshipCategory,
    beijing_hukou: bool,
    not_employed: bool,
    wishes: str = "",
    statement: str = "",
) -> Certification:
    """A draft application; a person has one open or granted certification at a time (database)."""
    if not id_number_ok(person.id_number):
        raise AssistanceError("您的账号尚未登记有效的居民身份证号码，请先在账号信息中补充后再申请")
    if not category.active:
        raise AssistanceError(f"类别“{category.name}”目前不接受申请")
    try:
        with transaction.atomic():
            return Certification.objects.create(
                person=person,
                street=street,
                category=category,
                beijing_hukou=beijing_hukou,
                not_employed=not_employed,
                wishes=wishes.strip(),
                statement=statement.strip(),
            )
    except IntegrityError as err:
        raise AssistanceError("您已有一份进行中或已通过的就业困难人员认定，不能重复申请") from err


def evidence_attach(*, certification: Certification, upload: UploadedFile, user: User) -> Evidence:
    """Check a PDF by its content and attach it to a draft (the same file twice is stored once)."""
    data, pdf = read_pdf(upload, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
    with transaction.atomic():
        locked = Certification.objects.select_for_update().get(pk=certification.pk)
        if locked.status != C.DRAFT:
            raise AssistanceError("申请已提交，不能再上传材料")
        existing = Evidence.objects.filter(certification=locked, sha256=pdf.sha256).first()
        if existing is not None:
            return existing
        count = Evidence.objects.filter(certification=locked).count()
        display = f"{locked.category.name}证明材料{'' if count == 0 else f'（{count + 1}）'}.pdf"
        evidence = Evidence(certification=locked, uploaded_by=user)
        store_pdf(evidence, check=pdf, data=data, original_name=upload.name or "", display_name=display)
    return evidence


def certification_submit(*, certification: Certification, user: User) -> CaseEvent:
    """Submit when the engine finds every condition met (N13.cert)."""
    today = clock.today()

    def stamp(locked: Certification) -> dict[str, Any]:
        result = judge_certification(locked, today)
        if result.status != "eligible":
            raise TransitionError("尚不能提交：" + "；".join(_reasons(result)))
        return {"submitted_on": today}

    return transition(CERTIFICATIONS, certification, to=C.SUBMITTED, actor=user, change=stamp)


def certification_decide(*, certification: Certification, to: str, user: User, reason: str = "") -> CaseEvent:
    """The street office certifies (the engine must still find the conditions met) or refuses."""
    today = clock.today()

    def decide(locked: Certification) -> dict[str, Any]:
        if to == C.CERTIFIED:
            result = judge_certification(locked, today)
            if result.status != "eligible":
                raise TransitionError("不符合认定条件：" + "；".join(_reasons(result)))
        return {"decided_on": today, "decided_by": user, "refusal": reason.strip() if to == C.REFUSED else ""}

    return transition(CERTIFICATIONS, certification, to=to, actor=user, reason=reason, change=decide)


def certification_withdraw(*, certification: Certification, user: User) -> CaseEvent:
    return transition(CERTIFICATIONS, certification, to=C.WITHDRAWN, actor=user)


# ---- monthly flexible-employment subsidy (N13) ------------------------------------------------------


def claim_facts(
    *, certification: Certification, month: dt.date, paid: Decimal, flexible_employed: bool, exclude: int | None = None
) -> dict[str, Any]:
    """The N13 facts of one month's claim: ages at the month's end from the ID number, and the
    months already subsidised (other claims filed or approved) with the first of them."""
    others = FlexibleClaim.objects.filter(person_id=certification.person_id, status__in=COUNTED_CLAIMS)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    first = min([month, *others.values_list("month", flat=True)])
    person = birth_and_sex(certification.person.id_number)
    return {
        "kind": "flexible",
        "certified": certification.status == C.CERTIFIED,
        "flexible_employed": flexible_employed,
        "sex": person[1] if person else None,
        "age_months": age_in_months(person[0], month_end(month)) if person else None,
        "age_months_first": age_in_months(person[0], month_end(first)) if person else None,
        "months_subsidised_before": others.count(),
        "contributions_paid": paid,
    }


def judge_claim(facts: dict[str, Any], on: dt.date) -> PolicyResult:
    return explain(facts, on).result("N13")


def claim_create(*, person: User, month: dt.date, paid: Decimal, flexible_employed: bool) -> FlexibleClaim:
    """File one month's claim with the engine's amount; refused (nothing written) when the engine
    does not find it eligible or the person already claimed that month (database constraint)."""
    month = month.replace(day=1)
    today = clock.today()
    if month > today.replace(day=1):
        raise AssistanceError(f"{month:%Y年%m月}尚未到来，只能申领已缴费的月份")
    try:
        with transaction.atomic():
            certification = Certification.objects.select_for_update().filter(person=person, status=C.CERTIFIED).first()
            if certification is None:
                raise AssistanceError("您尚未认定为就业困难人员，请先申请认定，街乡确认后再申领补贴")
            if month < certification.decided_on.replace(day=1):  # type: ignore[union-attr]
                raise AssistanceError(
                    f"{month:%Y年%m月}早于认定月份（{certification.decided_on:%Y年%m月}），认定前的月份不予补贴"
                )
            facts = claim_facts(
                certification=certification, month=month, paid=paid, flexible_employed=flexible_employed
            )
            result = judge_claim(facts, today)
            if result.status != "eligible" or result.amount is None:
                raise AssistanceError("不能申领：" + "；".join(_reasons(result)))
            claim = FlexibleClaim.objects.create(
                person=person,
                certification=certification,
                street=certification.street,
                month=month,
                contributions_paid=paid,
                amount=result.amount,
                provisional=result.provisional,
                explanation={
                    "conditions": [c.to_dict() for c in result.conditions],
                    "steps": list(result.amount_steps),
                    "parameters": [p.to_dict() for p in result.parameters],
                },
            )
            record_event(CLAIMS, claim, actor=person, to=F.SUBMITTED, label="申领补贴")
    except IntegrityError as err:
        raise AssistanceError(f"您已申领过{month:%Y年%m月}的补贴，同一月份不能重复申领") from err
    return claim


def claim_decide(*, claim: FlexibleClaim, to: str, user: User, reason: str = "") -> CaseEvent:
    today = clock.today()
    return transition(
        CLAIMS,
        claim,
        to=to,
        actor=user,
        reason=reason,
        change=lambda _: {"decided_on": today, "refusal": reason.strip() if to == F.REFUSED else ""},
    )


# ---- public-welfare posts and placements (N15) -----------------------------------------------------


def post_create(*, user: User, values: dict[str, Any]) -> WelfarePost:
    assert user.street_id is not None
    categories = values.pop("categories", [])
    with transaction.atomic():
        post = WelfarePost.objects.create(street_id=user.street_id, created_by=user, **values)
        post.categories.set(categories)
    return post


def post_publish(*, post: WelfarePost, published: bool) -> WelfarePost:
    """Stop publishing a post (nobody more is placed; people in post stay) or publish it again."""
    WelfarePost.objects.filter(pk=post.pk).update(published=published)
    post.refresh_from_db()
    return post


def occupancy(post: WelfarePost) -> tuple[int, int]:
    """(filled, open) places of a post: people in post now, and what is left of its headcount."""
    filled = post.placements.filter(status=P.ACTIVE).count()
    return filled, max(post.headcount - filled, 0)


def candidates(post: WelfarePost) -> list[dict[str, Any]]:
    """Certified people of the post's street not in a post now, those of a category the post suits
    and those whose job wishes share words with its title first."""
    placed = WelfarePlacement.objects.filter(status=P.ACTIVE).values("person_id")
    certs = (
        Certification.objects.filter(street_id=post.street_id, status=C.CERTIFIED)
        .exclude(person_id__in=placed)
        .select_related("person", "category")
        .order_by("decided_on", "pk")
    )
    suited = set(post.categories.values_list("pk", flat=True))
    pairs = {post.title[i : i + 2] for i in range(len(post.title) - 1)}
    out = []
    for cert in certs:
        by_category = cert.category_id in suited
        by_wishes = any(pair in cert.wishes for pair in pairs)
        out.append({"certification": cert, "by_category": by_category, "by_wishes": by_wishes})
    out.sort(key=lambda row: (not row["by_category"], not row["by_wishes"]))
    return out


def placement_facts(post: WelfarePost, certification: Certification) -> dict[str, Any]:
    return {
        "kind": "welfare_post",
        "certified": certification.status == C.CERTIFIED,
        "same_street": certification.street_id == post.street_id,
        "open_places": occupancy(post)[1],
        "placed_elsewhere": WelfarePlacement.objects.filter(
            person_id=certification.person_id, status=P.ACTIVE
        ).exists(),
    }


def placement_create(
    *, post: WelfarePost, certification: Certification, start: dt.date, end: dt.date, user: User
) -> WelfarePlacement:
    """Place a certified person in a post when the engine allows it (N15): the post is locked, so
    two officers filling its last place at once cannot both succeed."""
    if end < start:
        raise AssistanceError(f"安置终止日期 {end:%Y-%m-%d} 早于起始日期 {start:%Y-%m-%d}")
    try:
        with transaction.atomic():
            locked = WelfarePost.objects.select_for_update().get(pk=post.pk)
            if not locked.published:
                raise AssistanceError("该岗位已停止发布，不能安置")
            cert = Certification.objects.select_for_update().get(pk=certification.pk)
            result = explain(placement_facts(locked, cert), clock.today()).result("N15")
            if result.status != "eligible":
                raise AssistanceError("不能安置：" + "；".join(_reasons(result)))
            placement = WelfarePlacement.objects.create(
                post=locked, certification=cert, person_id=cert.person_id, start=start, end=end, placed_by=user
            )
            record_event(PLACEMENTS, placement, actor=user, to=P.ACTIVE, label="安置上岗")
    except IntegrityError as err:
        raise AssistanceError("该人员已在公益性岗位在岗，不能重复安置") from err
    return placement


def placement_end(*, placement: WelfarePlacement, user: User, reason: str) -> CaseEvent:
    return transition(PLACEMENTS, placement, to=P.ENDED, actor=user, reason=reason)


def attendance_record(
    *, placement: WelfarePlacement, month: dt.date, days_due: int, days_worked: int, note: str, user: User
) -> Attendance:
    """Record (or correct) one month's attendance inside the placement's term, not in the future."""
    month = month.replace(day=1)
    if month < placement.start.replace(day=1) or month > placement.end.replace(day=1):
        raise AssistanceError(f"{month:%Y年%m月}不在安置期（{placement.start:%Y-%m-%d} 至 {placement.end:%Y-%m-%d}）内")
    if month > clock.today().replace(day=1):
        raise AssistanceError(f"{month:%Y年%m月}尚未到来，不能记录考勤")
    if days_worked > days_due:
        raise AssistanceError(f"实际出勤 {days_worked} 天多于应出勤 {days_due} 天")
    if days_due > calendar.monthrange(month.year, month.month)[1]:
        raise AssistanceError(f"应出勤 {days_due} 天超过{month:%Y年%m月}的天数")
    with transaction.atomic():
        locked = WelfarePlacement.objects.select_for_update().get(pk=placement.pk)
        if locked.status != P.ACTIVE:
            raise AssistanceError("安置已结束，不能再记录考勤")
        row, _ = Attendance.objects.update_or_create(
            placement=locked,
            month=month,
            defaults={"days_due": days_due, "days_worked": days_worked, "note": note.strip(), "recorded_by": user},
        )
    return row


def street_posts(street_id: int) -> QuerySet[WelfarePost]:
    return WelfarePost.objects.filter(street_id=street_id).prefetch_related("placements")
