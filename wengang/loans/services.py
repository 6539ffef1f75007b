"""Writes of the loans app: an extension request with its evidence, a guarantee application.
Decisions go through :mod:`wengang.loans.workflow`."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from wengang.accounts.models import User
from wengang.cases.workflow import record_event
from wengang.clock import today
from wengang.registry.models import Organisation
from wengang.subsidies.services.materials import read_pdf, store_pdf

from .models import ExtensionRequest, ExtensionStatus, GuaranteeApplication, Loan
from .selectors import extension_decision, green_channel_decision
from .workflow import EXTENSIONS, GUARANTEES, LoanError

MAX_PAGES, MAX_MEGABYTES = 20, 10


def _unmet(result: object) -> str:
    conditions = getattr(result, "conditions", [])
    return "；".join(c.text for c in conditions if c.status == "unmet")


def extension_request(*, loan: Loan, user: User, months: int, infected: bool, upload: UploadedFile) -> ExtensionRequest:
    """An infected borrower asks the bank to extend ``loan`` by ``months``. Refused (``LoanError``,
    nothing written or stored) when the engine's N16 says no, the evidence is no acceptable PDF, or
    a request of this loan waits for the bank."""
    on = today()
    result = extension_decision(loan, months=months, on=on, infected=infected)
    if result.status == "ineligible":
        raise LoanError(f"不能申请展期：{_unmet(result)}（N16）")
    data, pdf = read_pdf(upload, max_pages=MAX_PAGES, max_megabytes=MAX_MEGABYTES)
    try:
        with transaction.atomic():
            Loan.objects.select_for_update().filter(pk=loan.pk).exists()  # one request at a time per loan
            if loan.extensions.filter(status=ExtensionStatus.SUBMITTED).exists():
                raise LoanError("该贷款已有待银行确认的展期申请，不能重复申请")
            request = ExtensionRequest(loan=loan, requested_by=user, months=months, requested_on=on)
            store_pdf(request, check=pdf, data=data, original_name=upload.name or "", display_name=f"{loan.contract_number}+感染证明.pdf")
            record_event(EXTENSIONS, request, actor=user, to=ExtensionStatus.SUBMITTED, label="申请展期")
    except IntegrityError as err:  # pragma: no cover - the row lock serialises requests
        raise LoanError("该贷款已有待银行确认的展期申请，不能重复申请") from err
    return request


def guarantee_apply(
    *,
    applicant: User,
    bank: Organisation,
    amount: Decimal,
    term_months: int,
    purpose: str,
    lost_income: bool,
) -> GuaranteeApplication:
    """Apply for a guarantee loan (an enterprise user for its small firm, an individual for
    themself). The engine's green-channel decision sets the priority; an amount or term beyond the
    borrower's limits is refused, as is a second pending application."""
    if bank.kind != Organisation.Kind.BANK:
        raise LoanError("请选择经办银行")
    organisation = applicant.organisation if applicant.role == "enterprise" else None
    on = today()
    result = green_channel_decision(
        small_firm=organisation is not None, lost_income=lost_income, amount=amount, term_months=term_months, on=on
    )
    limits = [c for c in result.conditions if c.id in ("n16.amount_limit", "n16.term_limit") and c.status == "unmet"]
    if limits:
        raise LoanError("；".join(c.text for c in limits) + "（N16）")
    try:
        with transaction.atomic():
            application = GuaranteeApplication.objects.create(
                applicant=applicant, organisation=organisation, bank=bank, amount=amount, term_months=term_months,
                purpose=purpose, lost_income=lost_income, priority=result.status == "eligible", filed_on=on,
            )
            label = "提交申请（绿色通道优先）" if application.priority else "提交申请"
            record_event(GUARANTEES, application, actor=applicant, to=application.status, label=label)
    except IntegrityError as err:
        raise LoanError("您已有待审核的创业担保贷款申请，不能重复申请") from err
    return application
