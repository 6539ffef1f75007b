"""Writes of the key-enterprise service: the ledger, progress, pushes to agencies and streets, the
contact log and its follow-up reminders. Each runs in one transaction; notices are
``cases.Notification`` rows (``cases.outbox.notify``), e-mailed after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from wengang import clock
from wengang.accounts.models import Role, User
from wengang.cases.outbox import Message, notify
from wengang.registry.models import Organisation, Street

from .models import ContactEntry, Need, NeedProgress, NeedStatus, Publication
from .permissions import can_manage_enterprise
from .workflow import need_transition


class ServiceError(Exception):
    """The request cannot be carried out; the message is shown to the user."""


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _guard(actor: User, organisation: Organisation) -> None:
    if not can_manage_enterprise(actor, organisation):
        raise ServiceError("您无权办理该企业的用工服务")


def need_create(
    *,
    organisation: Organisation,
    actor: User,
    post: str,
    count: int,
    deadline: dt.date,
    street: Street,
    pay_min: Decimal,
    pay_max: Decimal,
    workplace: str = "",
    note: str = "",
) -> Need:
    """Record a key enterprise's need in the ledger (nobody in post yet)."""
    _guard(actor, organisation)
    if count < 1:
        raise ServiceError("需求人数至少为 1")
    if pay_max < pay_min:
        raise ServiceError("月薪上限不能低于下限")
    with transaction.atomic():
        return Need.objects.create(
            organisation=organisation,
            post=post,
            count=count,
            deadline=deadline,
            street=street,
            workplace=workplace,
            pay_min=pay_min,
            pay_max=pay_max,
            note=note,
            created_by=actor,
        )


def need_record_progress(*, need: Need, actor: User, filled: int, note: str = "", on: dt.date | None = None) -> Need:
    """A dated progress entry: ``filled`` people in post in all; the rest (count − filled) open.

    The need becomes 已招满 when nobody is missing, and 招聘中 again when a correction opens a
    position; a closed need takes no progress.
    """
    with transaction.atomic():
        locked = Need.objects.select_for_update().select_related("organisation").get(pk=need.pk)
        _guard(actor, locked.organisation)
        if locked.status == NeedStatus.CLOSED:
            raise ServiceError("需求已关闭，不能登记进度")
        if filled < 0:
            raise ServiceError("到岗人数不能为负数")
        if filled > locked.count:
            raise ServiceError(f"到岗人数不能超过需求人数 {locked.count} 人")
        NeedProgress.objects.create(
            need=locked,
            on=on or clock.today(),
            filled_before=locked.filled,
            filled=filled,
            note=note,
            recorded_by=actor,
        )
        locked.filled = filled
        locked.save(update_fields=["filled", "updated_at"])
        if locked.open_count == 0 and locked.status == NeedStatus.OPEN:
            locked = need_transition(need=locked, to=NeedStatus.FILLED, actor=actor, comment="全部到岗")
        elif locked.open_count > 0 and locked.status == NeedStatus.FILLED:
            locked = need_transition(need=locked, to=NeedStatus.OPEN, actor=actor, comment="到岗人数更正")
    return locked


def need_publish(
    *, need: Need, actor: User, agencies: Iterable[Organisation], streets: Iterable[Street]
) -> Publication:
    """Push a need to the users of the chosen HR agencies and the staff of the chosen streets.

    Each of them gets one notice (and an e-mail when they have an address); the publication
    records who was notified and when. Publishing creates no job post.
    """
    agencies = list(agencies)
    streets = list(streets)
    if not agencies and not streets:
        raise ServiceError("请至少选择一家人力资源服务机构或一个街乡")
    if any(a.kind != Organisation.Kind.AGENCY for a in agencies):
        raise ServiceError("只能推送给人力资源服务机构")
    with transaction.atomic():
        locked = Need.objects.select_for_update().select_related("organisation", "street").get(pk=need.pk)
        _guard(actor, locked.organisation)
        if locked.status != NeedStatus.OPEN:
            raise ServiceError(f"需求当前为“{locked.get_status_display()}”，只有招聘中的需求可以推送")
        recipients = list(
            User.objects.filter(is_active=True, organisation__in=agencies, organisation__kind=Organisation.Kind.AGENCY)
        )
        recipients += list(User.objects.filter(is_active=True, role=Role.STREET, street__in=streets))
        unique = {u.pk: u for u in recipients if u.pk != actor.pk}
        publication = Publication.objects.create(need=locked, published_by=actor)
        publication.agencies.set(agencies)
        publication.streets.set(streets)
        publication.recipients.set(unique.values())
        title = f"重点企业用工需求：{locked.organisation.name} · {locked.post} {locked.open_count} 人"
        body = "\n".join(
            [
                f"企业：{locked.organisation.name}（{locked.organisation.get_key_category_display()}）",
                f"岗位：{locked.post}，尚缺 {locked.open_count} 人（需求 {locked.count} 人）",
                f"工作地点：{locked.street}{(' ' + locked.workplace) if locked.workplace else ''}",
                f"月薪：{_money(locked.pay_min)}–{_money(locked.pay_max)} 元",
                f"截止日期：{locked.deadline:%Y-%m-%d}",
                "请协助推荐求职人员；需求详情见消息中的“查看用工需求”。",
            ]
        )
        notify(Message(title, body, list(unique.values())), case=locked)
    return publication


def contact_record(
    *,
    organisation: Organisation,
    actor: User,
    on: dt.date,
    channel: str,
    contact_person: str,
    agreed: str,
    responsible: User,
    next_step: str = "",
    follow_up_on: dt.date | None = None,
    at_time: dt.time | None = None,
) -> ContactEntry:
    """Log a contact; it settles the follow-ups of the enterprise's earlier entries."""
    _guard(actor, organisation)
    if not can_manage_enterprise(responsible, organisation):
        raise ServiceError("责任人须为负责该企业的工作人员")
    if follow_up_on is not None and follow_up_on < on:
        raise ServiceError("跟进日期不能早于联系日期")
    with transaction.atomic():
        entry = ContactEntry.objects.create(
            organisation=organisation,
            on=on,
            at_time=at_time,
            channel=channel,
            contact_person=contact_person,
            agreed=agreed,
            next_step=next_step,
            follow_up_on=follow_up_on,
            responsible=responsible,
            recorded_by=actor,
        )
        # an entry settles the follow-ups of the entries before it (same day: earlier or untimed)
        before = Q(on__lt=on) | (Q(on=on) & (Q(at_time__lt=at_time) | Q(at_time__isnull=True) if at_time else Q()))
        ContactEntry.objects.filter(before, organisation=organisation, followed_up_by__isnull=True).exclude(
            pk=entry.pk
        ).exclude(follow_up_on__isnull=True).update(followed_up_by=entry)
    return entry


def followup_send_reminders(*, on: dt.date | None = None) -> int:
    """Remind each responsible staff member of follow-ups due by ``on`` (today): one notice per
    entry, never twice. Returns the notices created."""
    day = on or clock.today()
    sent = 0
    due = ContactEntry.objects.filter(follow_up_on__lte=day, followed_up_by__isnull=True, reminded_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            entry = (
                ContactEntry.objects.select_for_update(of=("self",))
                .select_related("organisation", "responsible")
                .get(pk=pk)
            )
            if entry.reminded_at is not None or entry.followed_up_by_id is not None:
                continue
            assert entry.follow_up_on is not None
            title = f"待跟进：{entry.organisation.name}（{entry.follow_up_on:%Y-%m-%d}）"
            body = "\n".join(
                [
                    f"{entry.on:%Y-%m-%d} {entry.get_channel_display()}联系 {entry.contact_person}：{entry.agreed}",
                    f"下一步：{entry.next_step or '（未填）'}",
                    f"跟进日期：{entry.follow_up_on:%Y-%m-%d}",
                ]
            )
            notify(Message(title, body, [entry.responsible]), case=entry)
            entry.reminded_at = clock.now()
            entry.save(update_fields=["reminded_at"])
            sent += 1
    return sent
