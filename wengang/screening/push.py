"""免申即享: publish a finished run to the firms it found, and the firms' answers.

Each firm found eligible with an amount (符合) or lacking facts (待定), matched to a registered
organisation by credit code, gets one ``Push`` per subsidy type and period, and one inbox message
per run through the case core's outbox (``wengang.cases.outbox.notify``): every subsidy it is
eligible for with the amount, then, separately, what to supply for the undecided ones. A firm that
already applied, or was already offered the same claim by an earlier run, is skipped for that
claim (unique constraint); a firm with nothing new gets no message.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from wengang import clock
from wengang.accounts.models import ORGANISATION_ROLES, User
from wengang.cases.outbox import Message, notify
from wengang.policy import parse_overrides
from wengang.policy.explain import explain
from wengang.policy.fields import FIELDS_BY_NAME
from wengang.registry.models import Organisation
from wengang.registry.services import fact_text
from wengang.subsidies.models import Application, SubsidyType
from wengang.subsidies.services.apply import (
    ApplyError,
    Period,
    application_from_screening,
    existing_application,
    fixed_period,
)

from .models import Push, PushStatus, RunStatus, ScreeningRun
from .results import input_frame, result_frame


class PushError(Exception):
    """The request cannot be done; the message is Chinese."""


def _users_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation=organisation, role__in=ORGANISATION_ROLES, is_active=True)


def _message(pushes: list[Push]) -> Message:
    """One message for one firm's new pushes of a run: the 符合 ones with their amounts, then the
    待定 ones with what to supply for each."""
    eligible = [p for p in pushes if p.outcome == "eligible"]
    pending = [p for p in pushes if p.outcome != "eligible"]
    parts = []
    if eligible:
        listed = "；".join(f"{p.subsidy_type.get_policy_display()}，预计金额{p.amount:,.2f} 元" for p in eligible)
        parts.append(
            f"经筛查，贵单位符合以下{len(eligible)}项补贴的条件：{listed}。"
            "无需另行申报，请登录系统在“免申即享”中逐项点击“确认申请”。"
        )
    if pending:
        listed = "；".join(f"{p.subsidy_type.get_policy_display()}：{'、'.join(missing_labels(p))}" for p in pending)
        lead = f"另有{len(pending)}项补贴贵单位" if eligible else f"经筛查，贵单位有{len(pending)}项补贴"
        parts.append(f"{lead}可能符合，但登记信息不全，请补充以下信息：{listed}。")
    if eligible:
        title = f"免申即享：符合{len(eligible)}项补贴" + (f"，另有{len(pending)}项待补充信息" if pending else "")
    else:
        title = f"免申即享：{len(pending)}项补贴待补充信息"
    return Message(title=title, body="\n".join(parts), users=list(_users_of(pushes[0].organisation)))


def missing_labels(push: Push) -> list[str]:
    return [FIELDS_BY_NAME[name].label if name in FIELDS_BY_NAME else name for name in push.missing]


def _row_facts(extract: pl.DataFrame) -> dict[str, dict[str, str]]:
    """The extract's rows as text facts, by credit code (the first row of a repeated code)."""
    out: dict[str, dict[str, str]] = {}
    for row in extract.iter_rows(named=True):
        code = str(row.get("uscc") or "").strip().upper()
        if code and code not in out:
            out[code] = {k: fact_text(v) or "" for k, v in row.items() if k in FIELDS_BY_NAME or k == "name"}
    return out


def run_publish(*, run: ScreeningRun, user: User) -> None:
    """Publish a finished run; the pushes are made in the background after the commit
    (:func:`run_push`), a registry's worth of firms being too many for one request."""
    with transaction.atomic():
        locked = ScreeningRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.DONE:
            raise PushError("只能发布已完成的筛查")
        if locked.published_at is not None:
            raise PushError("该筛查结果已发布")
        locked.published_at, locked.published_by = clock.now(), user
        locked.save(update_fields=["published_at", "published_by"])
        transaction.on_commit(lambda: _enqueue_push(locked.pk))


def _enqueue_push(pk: int) -> None:
    from .tasks import push_run

    push_run.delay(pk)


def run_push(pk: int) -> int:
    """Push a published run's matched firms their 符合 / 待定 offers. Returns pushes made; running
    it again (a retried task) makes none twice."""
    run = ScreeningRun.objects.get(pk=pk)
    if run.published_at is None:
        return 0
    df = result_frame(run)
    facts = _row_facts(input_frame(run))
    codes = [str(c).strip().upper() for c in df["uscc"].to_list() if c]
    orgs = Organisation.objects.in_bulk(codes, field_name="uscc")
    overrides = parse_overrides(f"{k}={v}" for k, v in run.overrides.items())
    # per firm, what the run offers it: (subsidy, period, eligible, amount), in policy order
    offers: dict[int, list[tuple[SubsidyType, Period, bool | None, Decimal | None]]] = {}
    for subsidy in SubsidyType.objects.filter(active=True).select_related("department").order_by("policy"):
        eligible, amount = f"{subsidy.policy.lower()}_eligible", f"{subsidy.policy.lower()}_amount"
        period = fixed_period(subsidy)
        if eligible not in df.columns or amount not in df.columns or period is None:
            continue
        offered = df.filter(pl.col(eligible).is_null() | (pl.col(eligible) & (pl.col(amount) > 0)))
        for row in offered.select("uscc", eligible, amount).iter_rows():
            org = orgs.get(str(row[0]).strip().upper())
            if org is not None:
                offers.setdefault(org.pk, []).append((subsidy, period, row[1], row[2]))
    made = 0
    for org in sorted({o.pk: o for o in orgs.values()}.values(), key=lambda o: o.pk):
        with transaction.atomic():
            pushes = [
                push
                for subsidy, period, eligible, amount in offers.get(org.pk, [])
                if existing_application(org, subsidy, period) is None
                and (push := _push(run, org, subsidy, period, eligible, amount, facts.get(org.uscc, {}), overrides))
            ]
            if pushes:
                # one message per firm and run; the inbox links it to the first (eligible first)
                pushes.sort(key=lambda p: p.outcome != "eligible")
                notify(_message(pushes), case=pushes[0])
                made += len(pushes)
    return made


def _push(
    run: ScreeningRun, org: Organisation, subsidy: SubsidyType, period: Period, eligible: bool | None,
    amount: Decimal | None, facts: dict[str, str], overrides: dict[str, Any],
) -> Push | None:
    result = explain({**facts, "kind": "enterprise"}, run.decision_date, variant=run.variant, overrides=overrides,
                     policies=[subsidy.policy]).results[0]
    missing: list[str] = []
    for condition in result.conditions:
        if condition.status == "unknown":
            missing += [m for m in condition.missing if m not in missing]
    try:
        with transaction.atomic():
            return Push.objects.create(
                run=run, organisation=org, subsidy_type=subsidy, period_start=period.start, period_end=period.end,
                outcome="eligible" if eligible else "unknown", amount=amount if eligible else None,
                facts=facts, decision=result.to_dict(), missing=missing,
            )
    except IntegrityError:  # offered before (an earlier run): never twice
        return None


def can_answer(user: User, push: Push) -> bool:
    """A firm sees and answers only its own pushes."""
    return bool(user.is_active and user.role in ORGANISATION_ROLES and user.organisation_id == push.organisation_id)


def pushes_for(user: User) -> QuerySet[Push]:
    if user.role not in ORGANISATION_ROLES or user.organisation_id is None:
        return Push.objects.none()
    return Push.objects.filter(organisation_id=user.organisation_id).select_related("subsidy_type", "application")


def push_open(*, push: Push) -> None:
    Push.objects.filter(pk=push.pk, status=PushStatus.PUSHED).update(status=PushStatus.OPENED, opened_at=clock.now())


def _locked_open(push: Push) -> Push:
    locked = Push.objects.select_for_update().select_related("subsidy_type").get(pk=push.pk)
    if locked.status not in (PushStatus.PUSHED, PushStatus.OPENED):
        raise PushError("该推送已答复")
    return locked


def push_confirm(*, push: Push, user: User) -> Application:
    """确认申请: the application, submitted with the screened facts and decision, enters review."""
    with transaction.atomic():
        locked = _locked_open(push)
        if locked.outcome != "eligible":
            raise PushError("信息不全，请先补充信息后再申请")
        try:
            application = application_from_screening(
                user=user, subsidy_type=locked.subsidy_type,
                period=Period(locked.period_start, locked.period_end, ""),
                facts=locked.facts, screened=locked.decision, amount=locked.amount,
            )
        except ApplyError as err:
            raise PushError(str(err)) from err
        locked.status, locked.application, locked.answered_at = PushStatus.CONFIRMED, application, clock.now()
        locked.opened_at = locked.opened_at or locked.answered_at
        locked.save(update_fields=["status", "application", "answered_at", "opened_at"])
    return application


def push_decline(*, push: Push) -> None:
    with transaction.atomic():
        locked = _locked_open(push)
        locked.status, locked.answered_at = PushStatus.DECLINED, clock.now()
        locked.opened_at = locked.opened_at or locked.answered_at
        locked.save(update_fields=["status", "answered_at", "opened_at"])


def uptake(run: ScreeningRun) -> dict[str, int]:
    """推送、查看、确认、放弃: opened counts every push the firm has looked at, answered or not."""
    statuses = Counter(run.pushes.values_list("status", flat=True))
    return {
        "pushed": sum(statuses.values()),
        "opened": statuses[PushStatus.OPENED] + statuses[PushStatus.CONFIRMED] + statuses[PushStatus.DECLINED],
        "confirmed": statuses[PushStatus.CONFIRMED],
        "declined": statuses[PushStatus.DECLINED],
    }


def period_text(push: Push) -> str:
    return f"{push.period_start:%Y-%m-%d} 至 {push.period_end:%Y-%m-%d}"



