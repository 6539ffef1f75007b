"""Writes of the individuals' services: self-registration with a one-time code, unemployment
registration with its 容缺 material, 就业登记 by the hiring firm, benefit claims and payments.
Decisions on registrations and claims go through ``workflow.registration_transition`` /
``claim_transition``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from wengang.accounts.models import Role, User
from wengang.cases.workflow import record_event, record_note, transition
from wengang.clock import today
from wengang.ratelimit import Limit, rate_limit_hit
from wengang.registry.models import Organisation, Street
from wengang.subsidies.services.materials import MaterialError, check_pdf, store_pdf

from .models import (
    OPEN_CLAIMS,
    OPEN_REGISTRATIONS,
    BenefitClaim,
    BenefitPayment,
    PaymentStatus,
    RegistrationMaterial,
    RegistrationStatus,
    UnemploymentRegistration,
)
from .sms import send_sms
from .workflow import CLAIMS, REGISTRATIONS, IndividualError

# ---- self-registration -------------------------------------------------------------------------

CODE_TTL = dt.timedelta(minutes=10)
CODE_ATTEMPTS = 5
#: codes sent to one address or phone, and from one network address
CODE_LIMIT = Limit(3, 600)
CODE_LIMIT_PER_IP = Limit(10, 3600)


def _digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def signup_send_code(*, data: dict[str, Any], ip: str) -> dict[str, Any]:
    """Send a 6-digit code by e-mail and SMS for a checked registration form; returns what the
    session keeps (the details, the password hash, the code's digest and expiry). Refused when the
    ID number already has an account or codes are asked too often."""
    if User.objects.filter(id_number=data["id_number"]).exists():
        raise IndividualError("该身份证号码已注册账号，请直接登录；忘记密码可以找回")
    for scope, key, limit in (
        ("signup-code", data["email"].lower(), CODE_LIMIT),
        ("signup-code", data["phone"], CODE_LIMIT),
        ("signup-code-ip", ip, CODE_LIMIT_PER_IP),
    ):
        wait = rate_limit_hit(scope, key, limit)
        if wait is not None:
            raise IndividualError(f"验证码发送过于频繁，请 {wait} 秒后再试")
    code = f"{secrets.randbelow(1_000_000):06d}"
    text = f"您正在注册稳岗个人账号，验证码 {code}，10分钟内有效。如非本人操作请忽略。"
    send_mail("稳岗个人账号注册验证码", text, None, [data["email"]])
    send_sms(data["phone"], text)
    return {
        "name": data["name"],
        "id_number": data["id_number"],
        "phone": data["phone"],
        "email": data["email"],
        "street": data["street"].pk,
        "password": make_password(data["password1"]),
        "digest": _digest(code),
        "expires": (timezone.now() + CODE_TTL).isoformat(),
        "attempts": 0,
    }


def signup_confirm(*, pending: dict[str, Any], code: str) -> User:
    """Create the account when ``code`` matches the pending registration's; at most five tries,
    ten minutes. The database refuses a second account for one ID number (or phone)."""
    try:
        expires = dt.datetime.fromisoformat(str(pending["expires"]))
    except (KeyError, ValueError) as err:
        raise IndividualError("注册信息已失效，请重新填写") from err
    if timezone.now() > expires:
        raise IndividualError("验证码已过期，请重新获取")
    if int(pending.get("attempts", 0)) >= CODE_ATTEMPTS:
        raise IndividualError("验证码错误次数过多，请重新获取")
    pending["attempts"] = int(pending.get("attempts", 0)) + 1
    if not hmac.compare_digest(str(pending.get("digest", "")), _digest(code.strip())):
        raise IndividualError("验证码不正确")
    try:
        with transaction.atomic():
            if User.objects.filter(username=pending["phone"]).exists():
                raise IndividualError("该手机号码已注册账号，请直接登录")
            user = User(
                username=pending["phone"],
                first_name=pending["name"],
                id_number=pending["id_number"],
                phone=pending["phone"],
                email=pending["email"],
                role=Role.INDIVIDUAL,
                street=Street.objects.get(pk=pending["street"]),
                password=pending["password"],
            )
            user.save()
    except IntegrityError as err:
        raise IndividualError("该身份证号码已注册账号，请直接登录；忘记密码可以找回") from err
    return user


# ---- unemployment registration ----------------------------------------------------------------


def registration_file(
    *, person: User, last_employer: str, separation_date: dt.date, separation_reason: str, job_wishes: str
) -> UnemploymentRegistration:
    """File the person's 失业登记 with the street office of the person's street."""
    on = today()
    if person.street_id is None:
        raise IndividualError("请先在账号信息中填写居住街乡")
    if separation_date > on:
        raise IndividualError(f"离职日期 {separation_date.isoformat()} 晚于今天（{on.isoformat()}），请核对")
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=person.pk).exists()
            if UnemploymentRegistration.objects.filter(person=person, status__in=OPEN_REGISTRATIONS).exists():
                raise IndividualError("您已有待确认或有效的失业登记，不能重复登记")
            reg = UnemploymentRegistration.objects.create(
                person=person,
                street_id=person.street_id,
                last_employer=last_employer,
                separation_date=separation_date,
                separation_reason=separation_reason,
                job_wishes=job_wishes,
                filed_on=on,
            )
            record_event(REGISTRATIONS, reg, actor=person, to=RegistrationStatus.SUBMITTED, label="网上办理失业登记")
    except IntegrityError as err:  # pragma: no cover - the row lock serialises filings
        raise IndividualError("您已有待确认或有效的失业登记，不能重复登记") from err
    return reg


PROOF_NAME = "解除或终止劳动合同证明"
PROOF_MAX_PAGES = 20
PROOF_MAX_MEGABYTES = 10


def material_attach(
    *, registration: UnemploymentRegistration, upload: UploadedFile, user: User
) -> RegistrationMaterial:
    """Check and store the separation proof (the 容缺 item). Raises ``MaterialError`` (Chinese)."""
    data = upload.read(PROOF_MAX_MEGABYTES * 1024 * 1024 + 1)
    check = check_pdf(data, max_pages=PROOF_MAX_PAGES, max_megabytes=PROOF_MAX_MEGABYTES)
    with transaction.atomic():
        locked = UnemploymentRegistration.objects.select_for_update().get(pk=registration.pk)
        if locked.status not in OPEN_REGISTRATIONS:
            raise MaterialError("该失业登记已结束，不能再上传材料")
        material = RegistrationMaterial(registration=locked, uploaded_by=user)
        store_pdf(
            material,
            check=check,
            data=data,
            original_name=upload.name or "材料.pdf",
            display_name=f"{user.display_name}{PROOF_NAME}.pdf",
        )
    return material


def employment_register(*, employer: User, id_number: str, name: str, start: dt.date) -> UnemploymentRegistration:
    """就业登记 by the hiring firm: closes the person's confirmed unemployment registration and stops
    the benefit. The name must match the ID number's account; nothing tells the firm more."""
    organisation: Organisation | None = employer.organisation
    assert organisation is not None
    if start > today():
        raise IndividualError(f"入职日期 {start.isoformat()} 晚于今天（{today().isoformat()}），请核对")
    reg = (
        UnemploymentRegistration.objects.select_related("person")
        .filter(person__id_number=id_number, person__first_name=name, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if reg is None:
        raise IndividualError("未找到该人员有效的失业登记，请核对姓名和身份证号码（未在本系统登记失业的人员无需办理）")
    if start < reg.separation_date:
        raise IndividualError(f"入职日期 {start.isoformat()} 早于其离职日期，请核对")
    transition(
        REGISTRATIONS,
        reg,
        to=RegistrationStatus.EMPLOYED,
        actor=employer,
        fields={"employer": organisation.name, "employed_on": start},
    )
    return reg


# ---- benefit claims ----------------------------------------------------------------------------


def claim_file(*, person: User, contribution_years: Decimal) -> BenefitClaim:
    """Claim 失业保险金 on the person's confirmed registration; one claim per person and month
    (the database refuses a second), none while another is pending or being paid."""
    on = today()
    reg = UnemploymentRegistration.objects.filter(person=person, status__in=OPEN_REGISTRATIONS).first()
    if reg is None:
        raise IndividualError("请先办理失业登记，待街乡确认后再申领失业保险金")
    if reg.status != RegistrationStatus.REGISTERED:
        raise IndividualError("您的失业登记尚待街乡确认，确认后才能申领失业保险金")
    if reg.separation_date > on:  # pragma: no cover - refused when the registration was filed
        raise IndividualError("离职日期晚于申领日期，请核对失业登记")
    month = on.replace(day=1)
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=person.pk).exists()
            if BenefitClaim.objects.filter(person=person, status__in=OPEN_CLAIMS).exists():
                raise IndividualError("您已有待审核或正在发放的失业保险金申领，不能重复申领")
            claim = BenefitClaim.objects.create(
                person=person, registration=reg, claim_month=month, filed_on=on, contribution_years=contribution_years
            )
            record_event(CLAIMS, claim, actor=person, to="submitted", label="网上申领失业保险金")
    except IntegrityError as err:
        raise IndividualError(f"您 {month:%Y年%m月} 已申领过失业保险金，同一人同一月份只能申领一次") from err
    return claim


def next_due(claim: BenefitClaim) -> BenefitPayment | None:
    """The earliest scheduled month up to the current one: the next payment the office can make."""
    return (
        claim.payments.filter(status=PaymentStatus.SCHEDULED, month__lte=today().replace(day=1))
        .order_by("month")
        .first()
    )


def payment_pay(*, claim: BenefitClaim, actor: User) -> BenefitPayment:
    """Record the payment of the earliest due month of an approved claim (monthly payment)."""
    with transaction.atomic():
        locked = BenefitClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != "approved":
            raise IndividualError(f"该申领当前为“{locked.get_status_display()}”，不能发放")
        payment = next_due(locked)
        if payment is None:
            raise IndividualError("本月及以前的月份都已发放，下一个月份尚未到期")
        payment.status, payment.paid_on, payment.paid_by = PaymentStatus.PAID, today(), actor
        payment.save(update_fields=["status", "paid_on", "paid_by"])
        record_note(
            CLAIMS, locked, actor=actor, label=f"发放 {payment.month:%Y年%m月} 失业保险金 {payment.amount:,.2f} 元"
        )
    return payment
