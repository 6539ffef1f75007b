"""Writes and reads for candidates, placements (OP4) and internship bases.

OP4's count and tier are the policy engine's (wengang/policy/rules/agency.py): placements are
passed to :func:`wengang.policy.explain` as an ``agency`` case, never counted here. The OP4 claim
is made with the service hall's own services (``application_start`` + ``roster_replace``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet

from wengang import clock
from wengang.accounts import permissions as base_permissions
from wengang.accounts.models import User
from wengang.cases.outbox import Message, notify
from wengang.cases.workflow import record_event
from wengang.jobs.models import JobPost, PostStatus
from wengang.policy import explain
from wengang.policy.explain import PolicyResult
from wengang.policy.params import ParameterError, resolve
from wengang.registry.validators import id_number_ok
from wengang.subsidies.models import Application, Policy, SubsidyType
from wengang.subsidies.services.apply import (
    STATE_TEXT,
    ApplyError,
    application_start,
    fixed_period,
    roster_replace,
    window_of,
)
from wengang.subsidies.services.engine import person_keys
from wengang.subsidies.services.materials import MEGABYTE, MaterialError, check_pdf, conventional_name

from . import permissions
from .models import (
    BaseStatus,
    Candidacy,
    CandidacyStatus,
    InternshipBase,
    Placement,
    PlacementStatus,
)
from .workflow import BASES, PLACEMENTS, TransitionError, base_transition, candidacy_transition, placement_transition


class PlacementError(Exception):
    """A request that cannot be carried out; the message says why, in Chinese."""


def _notify(users: Iterable[User], title: str, body: str, *, case: Model | None = None) -> None:
    """In-app notices now; e-mails once the transaction has committed (``cases.outbox.notify``).
    ``case`` is what the notice is about: the inbox groups a case's notices and links to it."""
    notify(Message(title, body, [u for u in users if u.is_active]), case=case)


def _organisation_users(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


# ---- candidates ---------------------------------------------------------------------------------


def _open_candidacy_exists(post: JobPost, id_number: str) -> bool:
    return Candidacy.objects.filter(post=post, id_number=id_number).exclude(status=CandidacyStatus.WITHDRAWN).exists()


def _create_candidacy(post: JobPost, **fields: object) -> Candidacy:
    id_number = str(fields["id_number"])
    with transaction.atomic():
        locked = JobPost.objects.select_for_update().get(pk=post.pk)
        if locked.status != PostStatus.PUBLISHED:
            raise PlacementError("该岗位未在发布中，不能投递或推荐")
        if _open_candidacy_exists(locked, id_number):
            raise PlacementError("此人已投递或被推荐到该岗位")
        try:
            with transaction.atomic():
                candidacy = Candidacy.objects.create(post=locked, **fields)
        except IntegrityError as err:  # a concurrent double click
            raise PlacementError("此人已投递或被推荐到该岗位") from err
        _notify(
            _organisation_users(locked.organisation_id),
            f"岗位“{locked.title}”有新的求职者",
            f"{candidacy.name}（{candidacy.get_status_display()}）。请登录查看并安排面试。",
            case=candidacy,
        )
    return candidacy


def candidacy_apply(*, user: User, post: JobPost) -> Candidacy:
    """A job seeker applies to a published post with their own account."""
    if not permissions.can_apply_to_post(user, post):
        raise PlacementError("请使用已登记身份证号码的个人账号投递")
    return _create_candidacy(
        post,
        seeker=user,
        name=user.display_name,
        id_number=user.id_number.upper(),
        phone=user.phone,
        status=CandidacyStatus.APPLIED,
    )


def candidacy_recommend(
    *, user: User, post: JobPost, name: str, id_number: str, phone: str = "", note: str = ""
) -> Candidacy:
    """Staff or an HR agency recommends a person (name and a valid resident ID number) to a post."""
    if not permissions.can_recommend(user, post):
        raise PlacementError("只有街乡、人力资源公共服务中心和人力资源服务机构可以推荐求职者")
    id_number = id_number.strip().upper()
    if not id_number_ok(id_number):
        raise PlacementError("身份证号码无效（18位，出生日期或校验位不符）")
    return _create_candidacy(
        post,
        name=name.strip(),
        id_number=id_number,
        phone=phone.strip(),
        note=note.strip(),
        recommended_by=user,
        agency=user.organisation if permissions.is_agency(user) else None,
        status=CandidacyStatus.RECOMMENDED,
    )


def candidacy_move(*, candidacy: Candidacy, to: str, actor: User, comment: str = "") -> Candidacy:
    """Interview, hire, not hire or withdraw; the job seeker and the recommender are told."""
    with transaction.atomic():
        try:
            candidacy_transition(candidacy=candidacy, to=to, actor=actor, comment=comment)
        except TransitionError as err:
            raise PlacementError(str(err)) from err
        people = [u for u in (candidacy.seeker, candidacy.recommended_by) if u is not None and u.pk != actor.pk]
        if candidacy.agency_id is not None:
            people += [u for u in _organisation_users(candidacy.agency_id) if u.pk != actor.pk]
        label = CandidacyStatus(to).label
        _notify(
            {u.pk: u for u in people}.values(),
            f"岗位“{candidacy.post.title}”：{candidacy.name} {label}",
            f"{candidacy.post.organisation.name}“{candidacy.post.title}”岗位：{candidacy.name} {label}。",
            case=candidacy,
        )
    return candidacy


def candidacies_for(user: User) -> QuerySet[Candidacy]:
    """The candidacies a user follows: their own and those they recommended; their agency's; their
    firm's posts'; a street office's: posts in its street; 公共服务中心 and administrators: all."""
    rows = Candidacy.objects.select_related("post__organisation", "agency")
    if permissions.is_public_service_reviewer(user) or base_permissions.is_admin(user):
        return rows
    mine = Q(seeker=user) | Q(recommended_by=user)
    if permissions.is_agency(user):
        return rows.filter(mine | Q(agency_id=user.organisation_id))
    if permissions.is_enterprise(user):
        assert user.organisation_id is not None
        return rows.filter(post__organisation_id=user.organisation_id)
    if permissions.is_street_staff(user):
        street = user.street_id
        return rows.filter(mine | Q(post__street_id=street) | Q(post__organisation__street_id=street))
    return rows.filter(mine)


# ---- placements ---------------------------------------------------------------------------------

PROOF_MAX_PAGES = 30
PROOF_MAX_MEGABYTES = 10


def placement_posts() -> QuerySet[JobPost]:
    """Posts a placement may name: those of key enterprises that have been published."""
    return (
        JobPost.objects.filter(published_at__isnull=False)
        .exclude(organisation__key_category="")
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


def placement_declare(
    *, user: User, post: JobPost, worker_name: str, worker_id_number: str, start_date: dt.date, proof: UploadedFile
) -> Placement:
    """An agency declares a worker placed with a key enterprise, with the pay proof or labour
    agreement as a PDF (checked by content). The key enterprise's users are asked to confirm."""
    if not permissions.can_declare_placement(user):
        raise PlacementError("只有人力资源服务机构可以申报推荐上岗")
    enterprise = post.organisation
    if not enterprise.is_key_enterprise:
        raise PlacementError(f"{enterprise.name}不在重点企业名单中")
    worker_id_number = worker_id_number.strip().upper()
    if not id_number_ok(worker_id_number):
        raise PlacementError("劳动者身份证号码无效（18位，出生日期或校验位不符）")
    if start_date > clock.today():
        raise PlacementError("上岗日期不能晚于今天")
    if proof.size is not None and proof.size > PROOF_MAX_MEGABYTES * MEGABYTE:
        raise PlacementError(f"文件超过 {PROOF_MAX_MEGABYTES} MB，请压缩后上传")
    proof.seek(0)
    data = proof.read(PROOF_MAX_MEGABYTES * MEGABYTE + 1)
    try:
        checked = check_pdf(data, max_pages=PROOF_MAX_PAGES, max_megabytes=PROOF_MAX_MEGABYTES)
    except MaterialError as err:
        raise PlacementError(str(err)) from err
    assert user.organisation is not None
    with transaction.atomic():
        duplicate = (
            Placement.objects.select_for_update()
            .filter(agency=user.organisation, enterprise=enterprise, worker_id_number=worker_id_number)
            .exclude(status=PlacementStatus.WITHDRAWN)
            .exists()
        )
        if duplicate:
            raise PlacementError(f"该劳动者已申报过在{enterprise.name}上岗")
        name = conventional_name(user.organisation.name, f"{worker_name.strip()}薪酬证明或劳务协议")
        placement = Placement(
            agency=user.organisation,
            enterprise=enterprise,
            post=post,
            worker_name=worker_name.strip(),
            worker_id_number=worker_id_number,
            start_date=start_date,
            proof_name=name,
            proof_sha256=checked.sha256,
            proof_pages=checked.pages,
            declared_by=user,
        )
        placement.proof.save(f"{checked.sha256[:16]}.pdf", ContentFile(data), save=False)
        placement.save()
        record_event(PLACEMENTS, placement, actor=user, to=PlacementStatus.DECLARED, label="申报推荐上岗")
        _notify(
            _organisation_users(enterprise.pk),
            f"{user.organisation.name}申报推荐上岗，请确认",
            f"劳动者 {placement.worker_name}（{placement.masked_id_number}）于 {start_date.isoformat()} "
            f"在“{post.title}”岗位上岗。请登录核对后确认或提出异议。",
            case=placement,
        )
    return placement


def placement_move(*, placement: Placement, to: str, actor: User, comment: str = "") -> Placement:
    """Confirm, dispute or withdraw a placement; the other side is told."""
    with transaction.atomic():
        try:
            change = placement_transition(placement=placement, to=to, actor=actor, comment=comment)
        except TransitionError as err:
            raise PlacementError(str(err)) from err
        status = PlacementStatus(to)
        if to in (PlacementStatus.CONFIRMED, PlacementStatus.DISPUTED):
            body = f"劳动者 {placement.worker_name}（{placement.masked_id_number}）：{status.label}。"
            if change.comment:
                body += f"\n异议理由：{change.comment}"
            title = f"{placement.enterprise.name}：{status.label}"
            _notify(_organisation_users(placement.agency_id), title, body, case=placement)
    return placement


def placements_for(user: User) -> QuerySet[Placement]:
    rows = Placement.objects.select_related("agency", "enterprise", "post")
    if permissions.is_agency(user):
        return rows.filter(agency_id=user.organisation_id)
    if permissions.is_enterprise(user):
        return rows.filter(enterprise_id=user.organisation_id)
    if permissions.can_list_all_placements(user):
        return rows
    return rows.none()


@dataclass(frozen=True)
class Line:
    """One declared placement with the engine's verdict on it."""

    placement: Placement
    counted: bool
    reasons: list[str]


@dataclass(frozen=True)
class Tier:
    placements: int
    amount: Decimal


@dataclass(frozen=True)
class Tally:
    """An agency's OP4 standing: the engine's result and how far the next tier is."""

    result: PolicyResult
    lines: list[Line]
    counted: int
    tiers: list[Tier]

    @property
    def next_tier(self) -> Tier | None:
        return next((t for t in self.tiers if t.placements > self.counted), None)

    @property
    def needed(self) -> int | None:
        tier = self.next_tier
        return None if tier is None else tier.placements - self.counted


TIER_KEYS = [(f"op4_tier{i}_placements", f"op4_tier{i}_amount") for i in (1, 2, 3)]


def op4_case(placements: list[Placement], urgent_enterprises: set[int]) -> dict[str, object]:
    """The engine's ``agency`` case: one line per placement; the worker is keyed by the masked ID
    number (:func:`person_keys`), never the full number."""
    keys = person_keys([p.worker_id_number for p in placements])
    return {
        "kind": "agency",
        "placements": [
            {
                "name": p.worker_name,
                "worker_id": keys[p.worker_id_number],
                "enterprise_posted_urgent": p.enterprise.is_key_enterprise and p.enterprise_id in urgent_enterprises,
                "confirmed_by_enterprise": p.status == PlacementStatus.CONFIRMED,
                "confirmed_by_agency": p.status
                in (PlacementStatus.DECLARED, PlacementStatus.CONFIRMED, PlacementStatus.DISPUTED),
                "has_pay_proof": bool(p.proof),
            }
            for p in placements
        ],
    }


def urgent_enterprises(enterprise_ids: Iterable[int]) -> set[int]:
    """OP4.1(1): key enterprises that have published a 急聘 post at some point."""
    return set(
        JobPost.objects.filter(organisation_id__in=set(enterprise_ids), urgent=True, published_at__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def agency_tally(agency_id: int, on: dt.date | None = None) -> Tally:
    """The agency's placements judged by the engine's OP4 rule at ``on`` (default today)."""
    on = on or clock.today()
    placements = list(
        Placement.objects.filter(agency_id=agency_id)
        .exclude(status=PlacementStatus.WITHDRAWN)
        .select_related("enterprise", "post")
        .order_by("start_date", "id")
    )
    urgent = urgent_enterprises(p.enterprise_id for p in placements)
    try:
        result = explain(op4_case(placements, urgent), on, policies=[Policy.OP4]).results[0]
        values = resolve([k for pair in TIER_KEYS for k in pair], on).values
    except ParameterError as err:
        raise PlacementError(f"{on.isoformat()} 没有可用的 OP4 政策参数：{err}") from err
    lines = [
        Line(p, item.counted, [c.text for c in item.conditions if c.status != "met"])
        for p, item in zip(placements, result.items, strict=True)
    ]
    tiers = [Tier(int(values[n]), Decimal(str(values[a])).quantize(Decimal("0.01"))) for n, a in TIER_KEYS]
    return Tally(result, lines, sum(1 for line in lines if line.counted), tiers)


# ---- the OP4 claim ------------------------------------------------------------------------------


def op4_subsidy() -> SubsidyType:
    return SubsidyType.objects.get(policy=Policy.OP4)


def op4_window_text(on: dt.date | None = None) -> tuple[bool, str]:
    """Whether the OP4 window is open today, and what to tell the agency."""
    on = on or clock.today()
    subsidy = op4_subsidy()
    window = window_of(subsidy, on)
    state = window.state(on)
    if not subsidy.active:
        return False, "OP4 目前不受理申请"
    return state == "open" and fixed_period(subsidy) is not None, f"申请期：{window.text}（{STATE_TEXT[state]}）"


def _yes(flag: bool) -> str:
    return "true" if flag else "false"


def op4_claim_create(*, user: User) -> tuple[Application, int, int]:
    """A draft OP4 claim with the agency's confirmed placements as its roster.

    Uses the service hall's ``application_start`` (one claim per agency and period; a draft is
    resumed) and ``roster_replace``. Placements outside the claim period (the epidemic-control
    period up to the window's opening) are left out. Returns the application, the rows written and
    the confirmed placements left out.
    """
    if not permissions.is_agency(user):
        raise PlacementError("只有人力资源服务机构可以申请 OP4")
    subsidy = op4_subsidy()
    is_open, text = op4_window_text()
    period = fixed_period(subsidy)
    if not is_open or period is None:
        raise PlacementError(f"OP4 申请期未开放，暂不能生成申请。{text}")
    assert user.organisation_id is not None
    confirmed = list(
        Placement.objects.filter(agency_id=user.organisation_id, status=PlacementStatus.CONFIRMED)
        .select_related("enterprise")
        .order_by("start_date", "id")
    )
    inside = [p for p in confirmed if period.start <= p.start_date <= period.end]
    if not inside:
        raise PlacementError(f"在{period.text}内没有经双方确认的推荐上岗人员，不能生成申请")
    urgent = urgent_enterprises(p.enterprise_id for p in inside)
    rows = [
        (
            None,
            {
                "name": p.worker_name,
                "id_number": p.worker_id_number,
                "enterprise": p.enterprise.name,
                "enterprise_uscc": p.enterprise.uscc,
                "start_date": p.start_date.isoformat(),
                "enterprise_posted_urgent": _yes(p.enterprise.is_key_enterprise and p.enterprise_id in urgent),
                "confirmed_by_enterprise": "true",
                "confirmed_by_agency": "true",
                "has_pay_proof": _yes(bool(p.proof)),
            },
        )
        for p in inside
    ]
    try:
        with transaction.atomic():
            application = application_start(user=user, subsidy_type=subsidy, period=period)
            written = roster_replace(application=application, rows=rows)
    except ApplyError as err:
        raise PlacementError(str(err)) from err
    return application, written, len(confirmed) - len(inside)


# ---- internship bases ---------------------------------------------------------------------------


def base_apply(
    *, user: User, posts_offered: str, capacity: int, mentor_name: str, mentor_phone: str, address: str
) -> InternshipBase:
    """An enterprise applies to be a 就业见习基地; 公共服务中心's reviewers are told."""
    if not permissions.can_apply_for_base(user):
        raise PlacementError("只有用人单位账号可以申请就业见习基地")
    assert user.organisation_id is not None
    with transaction.atomic():
        live = InternshipBase.objects.filter(
            organisation_id=user.organisation_id, status__in=[BaseStatus.PENDING, BaseStatus.APPROVED]
        ).first()
        if live is not None:
            raise PlacementError(f"本单位已有{live.get_status_display()}的见习基地申请")
        try:
            with transaction.atomic():
                record = InternshipBase.objects.create(
                    organisation_id=user.organisation_id,
                    posts_offered=posts_offered.strip(),
                    capacity=capacity,
                    mentor_name=mentor_name.strip(),
                    mentor_phone=mentor_phone.strip(),
                    address=address.strip(),
                    applied_by=user,
                )
        except IntegrityError as err:
            raise PlacementError("本单位已有待审核或已认定的见习基地申请") from err
        record_event(BASES, record, actor=user, to=BaseStatus.PENDING, label="申请认定")
        reviewers = User.objects.filter(role="reviewer", department__code=permissions.PUBLIC_SERVICE)
        body = f"{record.organisation.name}申请认定就业见习基地，请审核。"
        _notify(reviewers, "新的就业见习基地申请", body, case=record)
    return record


def base_decide(*, internship_base: InternshipBase, to: str, actor: User, comment: str = "") -> InternshipBase:
    with transaction.atomic():
        try:
            base_transition(internship_base=internship_base, to=to, actor=actor, comment=comment)
        except TransitionError as err:
            raise PlacementError(str(err)) from err
        status = BaseStatus(to)
        body = f"就业见习基地申请：{status.label}。"
        if to == BaseStatus.APPROVED:
            body += "可在就业超市发布见习岗位。"
        if comment.strip():
            body += f"\n意见：{comment.strip()}"
        title = f"就业见习基地申请{status.label}"
        _notify(_organisation_users(internship_base.organisation_id), title, body, case=internship_base)
    return internship_base


def internship_posts(on: dt.date | None = None) -> QuerySet[JobPost]:
    """Published internship posts of approved bases, still open on ``on`` (for graduates, public)."""
    on = on or clock.today()
    approved = InternshipBase.objects.filter(status=BaseStatus.APPROVED).values("organisation_id")
    return (
        JobPost.objects.filter(
            internship=True, status=PostStatus.PUBLISHED, deadline__gte=on, organisation_id__in=approved
        )
        .select_related("organisation", "street")
        .order_by("deadline", "-id")
    )
