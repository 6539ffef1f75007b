"""Writes of the permit app: cases, materials, the staff's steps, pickup appointments; and the
public 双公示 selector. Status changes go through ``workflow.permit_transition`` only."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.cases.workflow import check, record_event
from wengang.registry.models import Organisation
from wengang.subsidies.services.materials import MaterialError, check_pdf, conventional_name, store_pdf

from .models import (
    GRANTED,
    OPEN,
    PermitCase,
    PermitEmail,
    PermitMaterial,
    PermitRequirement,
    PermitType,
    PickupAppointment,
    PickupBatch,
    Status,
)
from .workflow import PERMITS, TransitionError, permit_transition

#: limits for one PDF of a permit application (the whole set is often one scanned file)
MAX_PAGES = 300
MAX_MEGABYTES = 20


class PermitError(Exception):
    """A request that cannot be carried out; the message says why, in Chinese."""


def open_case(organisation: Organisation, permit_type: PermitType) -> PermitCase | None:
    return PermitCase.objects.filter(organisation=organisation, permit_type=permit_type, status__in=OPEN).first()


def permit_case_create(
    *,
    organisation: Organisation,
    permit_type: PermitType,
    actor: User | None,
    channel: str = PermitCase.Channel.PORTAL,
    contact_email: str = "",
) -> PermitCase:
    """A new submitted case with its first status-change row (which notifies the organisation)."""
    if not permit_type.active:
        raise PermitError(f"“{permit_type.name}”目前不受理")
    with transaction.atomic():
        if open_case(organisation, permit_type) is not None:
            raise PermitError(f"本单位已有一件办理中的“{permit_type.name}”申请，请在该案件中补充材料")
        year = clock.today().year
        case = PermitCase.objects.create(
            reference=f"tmp-{uuid.uuid4().hex[:24]}",
            organisation=organisation,
            permit_type=permit_type,
            channel=channel,
            applicant=actor,
            contact_email=contact_email,
        )
        case.reference = f"XK{year}{case.pk:05d}"
        case.save(update_fields=["reference"])
        record_event(PERMITS, case, actor=actor, to=Status.SUBMITTED, label="提交申请")
    return case


@dataclass(frozen=True)
class Attached:
    material: PermitMaterial
    #: False when the same file was already part of the case
    created: bool


def permit_material_attach(
    *,
    case: PermitCase,
    data: bytes,
    original_name: str,
    actor: User | None,
    requirement: PermitRequirement | None = None,
    email: PermitEmail | None = None,
) -> Attached:
    """Check a PDF by its content and store it under ``单位名称+业务名称.pdf`` (numbered when more)."""
    if requirement is not None and requirement.permit_type_id != case.permit_type_id:
        raise MaterialError("该材料不属于本许可类型的材料清单")
    check = check_pdf(data, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
    with transaction.atomic():
        PermitCase.objects.select_for_update().filter(pk=case.pk).first()
        existing = PermitMaterial.objects.filter(case=case, sha256=check.sha256).first()
        if existing is not None:
            return Attached(existing, created=False)
        base = conventional_name(case.organisation.name, case.permit_type.name)
        count = PermitMaterial.objects.filter(case=case).count()
        display = base if count == 0 else f"{base[:-4]}（{count + 1}）.pdf"
        material = PermitMaterial(case=case, requirement=requirement, uploaded_by=actor, email=email)
        store_pdf(material, check=check, data=data, original_name=original_name, display_name=display)
    return Attached(material, created=True)


def permit_submit(
    *,
    user: User,
    permit_type: PermitType,
    data: bytes,
    original_name: str,
    requirement: PermitRequirement | None = None,
) -> PermitCase:
    """The portal route: a new case with its first PDF, or nothing at all when the PDF is refused."""
    organisation = user.organisation
    if organisation is None:
        raise PermitError("账号未绑定单位")
    check_pdf(data, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)  # refuse before creating anything
    with transaction.atomic():
        case = permit_case_create(organisation=organisation, permit_type=permit_type, actor=user, contact_email="")
        permit_material_attach(case=case, data=data, original_name=original_name, actor=user, requirement=requirement)
    return case


# ---- the staff's steps --------------------------------------------------------------------------

ACTIONS = {
    "e_approve": Status.E_APPROVED,
    "schedule": Status.ONSITE_SCHEDULED,
    "onsite": Status.ONSITE_DONE,
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "publish": Status.PUBLISHED,
    "collect": Status.COLLECTED,
}


def permit_act(*, case: PermitCase, action: str, actor: User, data: dict[str, Any] | None = None) -> CaseEvent:
    """One step of 劳动关系科 (see ``ACTIONS``), with the values the step records.

    ``data`` holds the cleaned form values: ``onsite_date``/``onsite_inspectors`` (schedule),
    ``onsite_result``/``onsite_passed`` (onsite), ``permit_number``/``valid_from``/``valid_to``
    (approve), ``reason`` (reject).
    """
    to, comment, fields = _act_input(case=case, action=action, actor=actor, data=data)
    try:
        return permit_transition(case=case, to=to, actor=actor, comment=comment, fields=fields)
    except IntegrityError as err:  # two reviewers typing the same permit number at once
        raise TransitionError("许可证编号已被使用") from err


def permit_act_check(*, case: PermitCase, action: str, actor: User, data: dict[str, Any] | None = None) -> str | None:
    """Why :func:`permit_act` would refuse this step with these values now (Chinese), or None; writes nothing."""
    try:
        to, comment, fields = _act_input(case=case, action=action, actor=actor, data=data)
    except TransitionError as err:
        return str(err)
    return check(PERMITS, case, to=to, actor=actor, reason=comment, fields=fields)


def _act_input(
    *, case: PermitCase, action: str, actor: User, data: dict[str, Any] | None
) -> tuple[str, str, dict[str, Any]]:
    """The target state, the audit comment and the fields a step writes, from its form values."""
    values = dict(data or {})
    to = ACTIONS.get(action)
    if to is None:
        raise TransitionError("未知的办理操作")
    comment = ""
    fields: dict[str, Any] = {}
    if action == "schedule":
        fields = {"onsite_date": values.get("onsite_date"), "onsite_inspectors": values.get("onsite_inspectors", "")}
    elif action == "onsite":
        fields = {"onsite_result": values.get("onsite_result", ""), "onsite_passed": values.get("onsite_passed")}
        comment = fields["onsite_result"]
    elif action == "approve":
        fields = {
            "permit_number": (values.get("permit_number") or "").strip(),
            "valid_from": values.get("valid_from"),
            "valid_to": values.get("valid_to"),
            "decided_on": clock.today(),
            "decided_by": actor,
        }
    elif action == "reject":
        comment = values.get("reason", "")
        fields = {"rejection_reason": comment.strip(), "decided_on": clock.today(), "decided_by": actor}
    elif action == "publish":
        fields = {"published_at": clock.now()}
    elif action == "collect":
        fields = {"collected_at": clock.now()}
    return to, comment, fields


def permit_paper_check(*, case: PermitCase, actor: User, checks: dict[str, bool]) -> bool:
    """Record the paper checklist; when every item is ticked the case moves to ``paper_received``.

    Returns True when the case moved. The ticks are kept either way, so a set that arrives with
    an unlabelled envelope shows what is still missing.
    """
    if case.status != Status.E_APPROVED:
        raise TransitionError(f"当前状态“{case.get_status_display()}”不能核对纸质材料")
    values = {name: bool(checks.get(name)) for name in PermitCase.PAPER_FIELDS}
    with transaction.atomic():
        PermitCase.objects.filter(pk=case.pk, status=Status.E_APPROVED).update(updated_at=timezone.now(), **values)
        case.refresh_from_db()
        if case.paper_missing():
            return False
        permit_transition(case=case, to=Status.PAPER_RECEIVED, actor=actor)
    return True


# ---- pickup -------------------------------------------------------------------------------------


def pickup_batch_create(
    *, date: dt.date, place: str, first_slot: dt.time, slot_minutes: int, slot_count: int, actor: User
) -> PickupBatch:
    if date < clock.today():
        raise PermitError("领取日期不能早于今天")
    if slot_minutes < 5 or slot_count < 1:
        raise PermitError("每个时段至少5分钟，至少1个时段")
    return PickupBatch.objects.create(
        date=date,
        place=place.strip(),
        first_slot=first_slot,
        slot_minutes=slot_minutes,
        slot_count=slot_count,
        created_by=actor,
    )


def free_slots(batch: PickupBatch) -> list[dt.time]:
    taken = set(batch.appointments.values_list("slot", flat=True))
    return [slot for slot in batch.slots() if slot not in taken]


def open_batches() -> QuerySet[PickupBatch]:
    return PickupBatch.objects.filter(date__gte=clock.today()).order_by("date", "id")


def pickup_book(*, case: PermitCase, batch: PickupBatch, slot: dt.time, actor: User) -> PickupAppointment:
    """Book (or move) the case's appointment to a free slot of a batch."""
    if case.status != Status.PUBLISHED:
        raise PermitError("许可结果公示后才能预约领取")
    if batch.date < clock.today():
        raise PermitError("该领取批次已过期")
    if slot not in batch.slots():
        raise PermitError("所选时段不在该批次内")
    try:
        with transaction.atomic():
            PermitCase.objects.select_for_update().filter(pk=case.pk).first()
            PickupAppointment.objects.filter(case=case).delete()
            return PickupAppointment.objects.create(batch=batch, case=case, slot=slot, booked_by=actor)
    except IntegrityError as err:
        raise PermitError("该时段已被预约，请选择其他时段") from err


# ---- selectors ----------------------------------------------------------------------------------


def granted_permits(*, unit: str = "", permit_type: PermitType | None = None) -> QuerySet[PermitCase]:
    """The public 双公示 list: granted permits, newest decision first (a query, never a cache)."""
    rows = PermitCase.objects.filter(status__in=GRANTED).select_related("organisation", "permit_type")
    unit = unit.strip()
    if unit:
        rows = rows.filter(Q(organisation__name__icontains=unit) | Q(organisation__uscc__iexact=unit))
    if permit_type is not None:
        rows = rows.filter(permit_type=permit_type)
    return rows.order_by("-decided_on", "-id")
