"""Writes for layoff reports: create, edit, named list, materials, submit, accept, return.

Whether a report is required and whether it can be accepted is decided by the policy engine
(``L.cond`` and ``L``); these services only gather the facts and act on its answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from wengang import clock
from wengang.accounts.models import User
from wengang.cases.models import CaseEvent
from wengang.policy import Explanation, explain
from wengang.subsidies.services.materials import (
    MaterialError,
    conventional_name,
    read_pdf,
    store_pdf,
)

from . import namedlist
from .models import LIST_ITEM, LayoffListLine, LayoffMaterial, LayoffReport, Status
from .workflow import EDITABLE, TransitionError, report_transition

MAX_PAGES = 100
MAX_MEGABYTES = 20
RECEIPT_PREFIX = "朝人社收"


class ReportError(Exception):
    """A write that cannot be made; Chinese message."""


class ListRejected(ReportError):
    """An uploaded named list with bad rows; ``errors`` holds one entry per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


# ---- the engine ---------------------------------------------------------------------------


def case_facts(report: LayoffReport, on: dt.date) -> dict[str, Any]:
    """The report as a ``kind: layoff`` case for :func:`wengang.policy.explain`."""
    items = set(report.materials.values_list("item", flat=True))
    lines = report.lines.all()
    facts: dict[str, Any] = {
        "kind": "layoff",
        "layoffs": report.layoffs,
        "employees": report.employees,
        "notice_days": report.notice_days(on),
        "circumstance": report.circumstance,
        "epidemic_unable_to_return": lines.filter(epidemic_unable_to_return=True).count(),
    }
    for i in range(1, 9):
        # the named list is item (五): it is there when the checked Excel list is
        facts[f"material_{i}"] = lines.exists() if i == LIST_ITEM else i in items
    return facts


def judge(report: LayoffReport, on: dt.date | None = None) -> Explanation:
    on = on or clock.today()
    return explain(case_facts(report, on), on)


def _refusals(explanation: Explanation) -> list[str]:
    """Why the engine would not accept the report, each with its clause id."""
    out: list[str] = []
    required = explanation.result("L.cond")
    if required.status != "eligible":
        out.extend(f"{c.text} [{c.clause}]" for c in required.conditions if c.status != "met")
    for c in explanation.result("L").conditions:
        if c.status == "unmet":
            out.append(f"{c.text} [{c.clause}]")
        elif c.status == "unknown":
            out.append(f"{c.label}：尚未填写 [{c.clause}]")
    return out


# ---- notifications ------------------------------------------------------------------------


# ---- drafting -----------------------------------------------------------------------------


def _initial_employees(user: User) -> int | None:
    assert user.organisation is not None
    raw = str(user.organisation.facts.get("employees") or "").strip()
    return int(raw) if raw.isdigit() else None


def report_create(*, user: User, values: dict[str, Any] | None = None) -> LayoffReport:
    """A new draft for the user's organisation; the head count defaults to the registry's."""
    assert user.organisation is not None
    fields = {"employees": _initial_employees(user), **(values or {})}
    return LayoffReport.objects.create(organisation=user.organisation, applicant=user, **fields)


def _locked_editable(report: LayoffReport) -> LayoffReport:
    locked = LayoffReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in EDITABLE:
        raise ReportError(f"报告“{Status(locked.status).label}”，不能再修改")
    return locked


def report_update(*, report: LayoffReport, values: dict[str, Any]) -> LayoffReport:
    """Save the form's numbers, dates and circumstance on a draft or returned report."""
    with transaction.atomic():
        locked = _locked_editable(report)
        for name in ("layoffs", "employees", "notice_date", "circumstance"):
            if name in values:
                setattr(locked, name, values[name])
        locked.save()
    report.refresh_from_db()
    return report


def report_replace_list(*, report: LayoffReport, upload: UploadedFile) -> int:
    """Replace the named list with an uploaded Excel file, or store nothing and raise.

    :class:`namedlist.ListError` for an unreadable file; :class:`ListRejected` with one message per
    bad row (row numbers), including the N17 refusal with the engine's explanation.
    """
    rows = namedlist.read(upload)
    lines, row_errors = namedlist.check(rows)
    if row_errors:
        errors = [str(e) for e in row_errors]
        flagged = namedlist.flagged_rows(rows)
        if flagged:
            n17 = explain({"kind": "layoff", "epidemic_unable_to_return": flagged}).result("L")
            errors.extend(f"{c.text} [{c.clause}]" for c in n17.conditions if c.id == "l.n17" and c.status == "unmet")
        raise ListRejected(errors)
    with transaction.atomic():
        locked = _locked_editable(report)
        locked.lines.all().delete()
        LayoffListLine.objects.bulk_create(
            LayoffListLine(
                report=locked,
                row=line.row,
                name=line.name,
                id_number=line.id_number,
                hukou=line.hukou,
                post=line.post,
                contract_start=line.contract_start,
                contract_end=line.contract_end,
                epidemic_unable_to_return=line.epidemic_unable_to_return,
            )
            for line in lines
        )
        locked.save(update_fields=["updated_at"])
    return len(lines)


def report_attach(*, report: LayoffReport, item: int, upload: UploadedFile, user: User) -> LayoffMaterial:
    """Check a PDF (the service hall's checker) and store it for checklist item ``item``,
    replacing an earlier file for that item."""
    if item not in range(1, 9) or item == LIST_ITEM:
        raise MaterialError("该材料项不在清单中（被裁减人员名单请按模板上传 Excel）")
    data, pdf = read_pdf(upload, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
    from .models import MATERIAL_CHOICES

    label = dict(MATERIAL_CHOICES)[item]
    old_file = None
    with transaction.atomic():
        locked = _locked_editable(report)
        material = LayoffMaterial.objects.filter(report=locked, item=item).first()
        if material is not None and material.sha256 == pdf.sha256:
            return material
        if material is None:
            material = LayoffMaterial(report=locked, item=item)
        else:
            old_file = material.file.name
        material.uploaded_by = user
        display = conventional_name(locked.organisation.name, label)
        store_pdf(material, check=pdf, data=data, original_name=upload.name or "", display_name=display)
        saved = material.file.name
        if old_file and old_file != saved:
            storage = material.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return material


# ---- workflow -----------------------------------------------------------------------------


def report_submit(*, report: LayoffReport, user: User) -> CaseEvent:
    """Submit when the engine says a report is required and complete, and the list has as many
    people as the report says. The report date is today."""
    today = clock.today()

    def stamp(locked: LayoffReport) -> dict[str, Any]:
        locked.report_date = today
        refusals = _refusals(judge(locked, today))
        count = locked.lines.count()
        if locked.layoffs is not None and count and count != locked.layoffs:
            refusals.append(f"被裁减人员名单共 {count} 人，与填写的裁减人数 {locked.layoffs} 人不一致")
        if refusals:
            raise TransitionError("报告尚不能提交：" + "；".join(refusals))
        return {"report_date": today, "return_reasons": ""}

    return report_transition(report=report, to=Status.SUBMITTED, actor=user, change=stamp)


RECEIPT_NUMBER_TRIES = 5


def next_receipt_number(year: int) -> str:
    """The next 收悉证明 number of ``year``: 朝人社收〔2020〕第0001号."""
    prefix = f"{RECEIPT_PREFIX}〔{year}〕第"
    taken = LayoffReport.objects.filter(receipt_number__startswith=prefix).values_list("receipt_number", flat=True)
    last = max((int(n[len(prefix) : -1]) for n in taken if n), default=0)
    return f"{prefix}{last + 1:04d}号"


def report_accept(*, report: LayoffReport, user: User) -> CaseEvent:
    """Accept a submitted report (the engine must still find it complete) and number its 收悉证明."""
    today = clock.today()

    def issue(locked: LayoffReport) -> dict[str, Any]:
        refusals = _refusals(judge(locked, today))
        if refusals:
            raise TransitionError("报告不符合受理条件：" + "；".join(refusals))
        return {
            "receipt_number": next_receipt_number(today.year),
            "accepted_at": clock.now(),
            "accepted_on": today,
            "accepted_by": user,
        }

    # Two reviewers accepting different reports at once may draw the same next number; the
    # unique constraint refuses the second, which then draws again (a few tries at most).
    for attempt in range(RECEIPT_NUMBER_TRIES):
        try:
            with transaction.atomic():
                return report_transition(report=report, to=Status.ACCEPTED, actor=user, change=issue)
        except IntegrityError:
            if attempt == RECEIPT_NUMBER_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def report_return(*, report: LayoffReport, user: User, reasons: str) -> CaseEvent:
    """Return a submitted report to the enterprise with the reasons."""
    return report_transition(
        report=report,
        to=Status.RETURNED,
        actor=user,
        comment=reasons,
        change=lambda _: {"return_reasons": reasons.strip()},
    )
