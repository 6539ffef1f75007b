"""Loading the demo world (``data.py``): idempotent, and through the service hall's own services.

Organisations, users and applications are found by their natural keys (credit code, username,
application reference) and created only when missing, so a second run creates nothing. An
application is created as a draft and then moved, step by step, by the same services the applicant
and the reviewers use (submission with the engine's pre-check, 容缺, acceptance, joint review,
approval with the frozen decision, rejection citing clauses, payment, withdrawal); each of them
changes the status through ``wengang.subsidies.workflow.application_transition``, so every
application has its audit trail and its notifications. The service's clock is set to each step's
date while the step runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street
from wengang.subsidies.models import Application, MaterialRequirement, Status, SubsidyType
from wengang.subsidies.services.apply import (
    application_submit,
    application_withdraw,
    existing_application,
    fixed_period,
    initial_facts,
    roster_replace,
)
from wengang.subsidies.services.engine import judge
from wengang.subsidies.services.materials import material_attach
from wengang.subsidies.services.review import (
    CLOSE_COMMENT,
    MissingItem,
    application_accept,
    application_accept_with_deficiencies,
    application_approve,
    application_escalate,
    application_record_payment,
    application_reject,
    application_return,
)
from wengang.subsidies.workflow import application_transition

from .data import APPLICATIONS, ORGANISATIONS, PAYMENT_BATCH, USERS, DemoApplication, DemoOrganisation, DemoUser, Step

#: the date of the registry extract the demo organisations' facts come from
REGISTRY_AS_OF = dt.date(2020, 5, 31)


class DemoError(Exception):
    """The demo data cannot be loaded as described (a step was refused); the message says which."""


@dataclass
class DemoReport:
    today: dt.date
    organisations_created: int = 0
    users_created: list[str] = field(default_factory=list)
    applications_created: list[str] = field(default_factory=list)
    #: applications not created because the organisation already claims that type and period
    skipped: list[str] = field(default_factory=list)


@contextmanager
def service_date(day: dt.date) -> Iterator[None]:
    """Run with the service's clock (``wengang.clock.today``) set to ``day``."""
    before = settings.WENGANG_TODAY
    settings.WENGANG_TODAY = day
    try:
        yield
    finally:
        settings.WENGANG_TODAY = before


def demo_load(*, password: str, today: dt.date) -> DemoReport:
    """Create what is missing of the demo world, in one transaction; returns what was created.

    Notifications are delivered when the transaction commits (the workflow's outbox).
    """
    report = DemoReport(today=today)
    hashed = _Hash(password)
    with transaction.atomic():
        organisations = {spec.key: _organisation(spec, report) for spec in ORGANISATIONS}
        users = {spec.username: _user(spec, organisations, hashed, report) for spec in USERS}
        for spec in APPLICATIONS:
            _application(spec, organisations, users, today, report)
    return report


# ---- organisations and users ------------------------------------------------------------------


def _organisation(spec: DemoOrganisation, report: DemoReport) -> Organisation:
    found = Organisation.objects.filter(uscc=spec.uscc).first()
    if found is not None:
        return found
    organisation = Organisation(
        uscc=spec.uscc,
        name=spec.name,
        kind=spec.kind,
        street=Street.objects.get(name=spec.street),
        industry_code=spec.industry_code,
        key_category=spec.key_category,
        facts=dict(spec.facts),
        facts_as_of=REGISTRY_AS_OF,
    )
    organisation.full_clean()
    organisation.save()
    report.organisations_created += 1
    return organisation


class _Hash:
    """The demo password hashed once: the demo accounts share it, and hashing is slow on purpose."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.value = ""

    def __str__(self) -> str:
        if not self.value:
            self.value = make_password(self.password)
        return self.value


def _user(spec: DemoUser, organisations: dict[str, Organisation], hashed: _Hash, report: DemoReport) -> User:
    found = User.objects.filter(username=spec.username).first()
    if found is not None:
        return found
    user = User(
        username=spec.username,
        first_name=spec.name,
        email=f"{spec.username}@example.com",
        role=spec.role,
        organisation=organisations[spec.organisation] if spec.organisation else None,
        department=Department.objects.get(code=spec.department) if spec.department else None,
        street=Street.objects.get(name=spec.street) if spec.street else None,
        id_number=spec.id_number,
        is_staff=spec.role == Role.ADMIN,
        is_superuser=spec.role == Role.ADMIN,
        password=str(hashed),
    )
    user.full_clean()
    user.save()
    report.users_created.append(spec.username)
    return user


# ---- applications -------------------------------------------------------------------------------


@dataclass
class Move:
    """What one step needs: the application, who acts, and on which day."""

    application: Application
    spec: DemoApplication
    step: Step
    applicant: User
    users: dict[str, User]
    on: dt.date

    def reviewer(self) -> User:
        """The demo reviewer of the department that handles this subsidy type."""
        department_id = self.application.subsidy_type.department_id
        for user in self.users.values():
            if user.role == Role.REVIEWER and user.department_id == department_id:
                return user
        raise DemoError(f"没有{self.application.subsidy_type.department.name}的演示审核人员")

    def municipal(self) -> User:
        return next(u for u in self.users.values() if u.role == Role.MUNICIPAL)


def _application(
    spec: DemoApplication,
    organisations: dict[str, Organisation],
    users: dict[str, User],
    today: dt.date,
    report: DemoReport,
) -> None:
    if Application.objects.filter(reference=spec.reference).exists():
        return
    organisation = organisations[spec.organisation]
    subsidy = SubsidyType.objects.select_related("department").get(policy=spec.policy)
    period = fixed_period(subsidy)
    if period is None:
        raise DemoError(f"{spec.reference}：{spec.policy} 没有固定的补贴期间")
    if existing_application(organisation, subsidy, period) is not None:
        report.skipped.append(spec.reference)
        return
    applicant = next(u for u in users.values() if u.organisation_id == organisation.pk)
    start = today - dt.timedelta(days=max((s.days_ago for s in spec.steps), default=0))
    with service_date(start):
        application = Application.objects.create(
            reference=spec.reference,
            organisation=organisation,
            subsidy_type=subsidy,
            period_start=period.start,
            period_end=period.end,
            applicant=applicant,
            facts=initial_facts(organisation, spec.policy),
        )
        if spec.trainees:
            rows = [
                (
                    None,
                    {
                        "name": t.name,
                        "id_number": t.id_number,
                        "class_hours": t.class_hours,
                        "still_employed": "true" if t.still_employed else "false",
                        "other_subsidy": "true" if t.other_subsidy else "false",
                    },
                )
                for t in spec.trainees
            ]
            roster_replace(application=application, rows=rows)
        for requirement in subsidy.requirements.filter(required=True).exclude(name__in=spec.missing):
            _attach(application, requirement, applicant)
    for step in spec.steps:
        on = today - dt.timedelta(days=step.days_ago)
        with service_date(on):
            try:
                ACTIONS[step.action](Move(application, spec, step, applicant, users, on))
            except Exception as err:
                raise DemoError(f"演示申请 {spec.reference} 的步骤“{step.action}”失败：{err}") from err
        application.refresh_from_db()
    if spec.status and application.status != spec.status:
        raise DemoError(f"演示申请 {spec.reference} 的状态为 {application.status}，应为 {spec.status}")
    report.applications_created.append(spec.reference)


def _attach(application: Application, requirement: MaterialRequirement, user: User) -> None:
    data = demo_pdf(
        [
            "Wengang demo material (synthetic, not a real document)",
            f"Application {application.reference}",
            f"Checklist item {requirement.order}",
            f"Credit code {application.organisation.uscc}",
        ]
    )
    upload = SimpleUploadedFile(f"{requirement.name}.pdf", data, content_type="application/pdf")
    material_attach(application=application, requirement=requirement, upload=upload, user=user)


def _submit(move: Move) -> None:
    application_submit(
        application=move.application,
        user=move.applicant,
        submission_key=str(move.application.submission_key),
        commitment_accepted=True,
        # used only where the pre-check finds the claim 不符合 (the rejected demo application)
        ineligible_reason="本单位认为受疫情影响的情况符合政策本意，请审核部门核实",
    )


def _deficient(move: Move) -> None:
    requirements = {r.name: r for r in move.application.subsidy_type.requirements.all()}
    items = []
    for name in move.spec.missing:
        requirement = requirements.get(name)
        description = f"{name}（{requirement.description}）" if requirement and requirement.description else name
        items.append(MissingItem(description=description[:200], requirement=requirement))
    application_accept_with_deficiencies(application=move.application, actor=move.reviewer(), items=items)


def _accept(move: Move) -> None:
    application_accept(application=move.application, actor=move.reviewer())


def _escalate(move: Move) -> None:
    application_escalate(application=move.application, actor=move.reviewer(), reason=move.step.comment)


def _return(move: Move) -> None:
    application_return(application=move.application, actor=move.reviewer(), reasons=move.step.comment)


def _approve(move: Move) -> None:
    at_joint_review = move.application.status == Status.MUNICIPAL_REVIEW
    actor = move.municipal() if at_joint_review else move.reviewer()
    application_approve(application=move.application, actor=actor, comment=move.step.comment)


def _reject(move: Move) -> None:
    """Not approved, for the conditions the engine finds unmet, each cited by its clause id."""
    result = judge(move.application, move.on)
    reasons = "；".join(f"不符合 {c.clause}：{c.text}" for c in result.conditions if c.status == "unmet")
    application_reject(application=move.application, actor=move.reviewer(), clauses=result.unmet, reasons=reasons)


def _pay(move: Move) -> None:
    amount = move.application.approved_amount
    assert amount is not None
    application_record_payment(
        application=move.application,
        actor=move.reviewer(),
        batch_reference=PAYMENT_BATCH,
        paid_on=move.on,
        amount=amount,
        payment_reference=f"{PAYMENT_BATCH}-{move.application.reference}",
    )


def _withdraw(move: Move) -> None:
    application_withdraw(application=move.application, user=move.applicant, reason=move.step.comment)


def _close(move: Move) -> None:
    """What the daily task does to a 容缺 application past its due date: the system closes it."""
    open_items = move.application.deficiencies.filter(resolved_at__isnull=True)
    if not open_items.exists() or open_items.filter(due_date__gte=move.on).exists():
        raise DemoError("容缺补正期限尚未届满，不能关闭")
    application_transition(application=move.application, to=Status.CLOSED, actor=None, comment=CLOSE_COMMENT)


ACTIONS: dict[str, Callable[[Move], None]] = {
    "submit": _submit,
    "deficient": _deficient,
    "accept": _accept,
    "escalate": _escalate,
    "return": _return,
    "approve": _approve,
    "reject": _reject,
    "pay": _pay,
    "withdraw": _withdraw,
    "close": _close,
}


# ---- a small PDF for the demo materials ----------------------------------------------------------


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of ASCII text (Helvetica), well-formed with its xref."""
    body = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(f"({_pdf_text(line)}) '" for line in lines) + " ET"
    stream = body.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
