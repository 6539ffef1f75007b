"""Signing in: passwords checked by Django, one-time codes (TOTP), and throttling of failures.

Every attempt is a ``LoginAttempt`` row. Five failures for one user name, or twenty from one IP
address, inside fifteen minutes lock further attempts for fifteen minutes after the last of them;
attempts refused while locked are recorded but do not extend the lock. The messages never say
whether a user name exists.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import io
import math
from dataclasses import dataclass

import pyotp
import qrcode
import qrcode.image.svg
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginAttempt, User

USER_FAILURES = 5
IP_FAILURES = 20
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
#: failures that count towards a lock; a refusal while locked does not
FAILURES = (LoginAttempt.Outcome.BAD_PASSWORD, LoginAttempt.Outcome.BAD_CODE)

TOTP_ISSUER = "朝阳稳岗"
TOTP_DIGITS = 6
TOTP_INTERVAL = 30
#: one step either side of now, for clocks that drift by up to 30 seconds
TOTP_WINDOW = 1

BAD_CREDENTIALS = "用户名或密码不正确。"
BAD_CODE = "动态口令不正确或已使用，请输入认证器应用上当前显示的6位数字。"
CODE_NEEDED = "该账号已启用动态口令，请同时输入认证器应用上的6位动态口令。"


@dataclass(frozen=True)
class SignIn:
    """The outcome of checking one sign-in: a user to log in, or a Chinese error message.

    ``enrol`` is set when the password was right but the account must first bind an
    authenticator app; the user is logged in only after confirming a code.
    """

    user: User | None = None
    error: str = ""
    enrol: bool = False
    throttled: bool = False


def client_ip(request: HttpRequest) -> str | None:
    """The peer address. Forwarded headers are not trusted: any client can forge them."""
    return request.META.get("REMOTE_ADDR") or None


def _lock_end(times: list[dt.datetime], limit: int) -> dt.datetime | None:
    """When the lock caused by ``limit`` failures inside ``WINDOW`` ends (times ascending)."""
    end = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= WINDOW:
            end = times[i] + LOCK
    return end


def login_locked_until(*, username: str, ip: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The end of the lock on this user name or address, or None when attempts are allowed.

    A successful sign-in clears the user name's earlier failures (not the address's).
    """
    now = now or timezone.now()
    since = now - WINDOW - LOCK
    failures = LoginAttempt.objects.filter(at__gt=since, outcome__in=FAILURES)
    ends = []
    name = username.strip()
    if name:
        last_ok = (
            LoginAttempt.objects.filter(username__iexact=name, succeeded=True, at__gt=since)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        mine = failures.filter(username__iexact=name)
        if last_ok is not None:
            mine = mine.filter(at__gt=last_ok)
        ends.append(_lock_end(sorted(mine.values_list("at", flat=True)), USER_FAILURES))
    if ip:
        ends.append(_lock_end(sorted(failures.filter(ip=ip).values_list("at", flat=True)), IP_FAILURES))
    end = max((e for e in ends if e is not None), default=None)
    return end if end is not None and end > now else None


def locked_message(until: dt.datetime, now: dt.datetime | None = None) -> str:
    minutes = max(1, math.ceil(((until - (now or timezone.now())).total_seconds()) / 60))
    return f"登录失败次数过多，已暂停登录。请在 {minutes} 分钟后再试；如忘记密码，请联系系统管理员。"


def totp_step_matching(secret: str, code: str, now: dt.datetime | None = None) -> int | None:
    """The time step whose code equals ``code`` (now, or one step either side), or None."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit() or not secret:
        return None
    moment = (now or timezone.now()).timestamp()
    current = int(moment // TOTP_INTERVAL)
    try:
        totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
        for step in range(current - TOTP_WINDOW, current + TOTP_WINDOW + 1):
            if hmac.compare_digest(totp.at(step * TOTP_INTERVAL), code):
                return step
    except (ValueError, binascii.Error):  # a malformed or too short stored secret accepts nothing
        return None
    return None


def user_totp_check(*, user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Accept a code of the user's authenticator once: a step already used is refused (replay)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        step = totp_step_matching(locked.totp_secret, code, now)
        if step is None or (locked.totp_last_step is not None and step <= locked.totp_last_step):
            return False
        locked.totp_last_step = step
        locked.save(update_fields=["totp_last_step"])
    user.totp_last_step = step
    return True


def login_attempt_record(*, username: str, ip: str | None, outcome: str) -> LoginAttempt:
    return LoginAttempt.objects.create(
        username=username.strip()[:150], ip=ip, outcome=outcome, succeeded=outcome == LoginAttempt.Outcome.SUCCEEDED
    )


def login_check(*, request: HttpRequest, username: str, password: str, code: str = "") -> SignIn:
    """Check one sign-in and record it. The caller logs the returned user in."""
    ip = client_ip(request)
    until = login_locked_until(username=username, ip=ip)
    if until is not None:
        login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.THROTTLED)
        return SignIn(error=locked_message(until), throttled=True)
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.BAD_PASSWORD)
        return SignIn(error=BAD_CREDENTIALS)
    if user.totp_secret:
        if not user_totp_check(user=user, code=code):
            login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.BAD_CODE)
            return SignIn(error=BAD_CODE if code.strip() else CODE_NEEDED)
    elif user.totp_required:
        login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.NEEDS_ENROLMENT)
        return SignIn(user=user, enrol=True)
    login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.SUCCEEDED)
    return SignIn(user=user)


# ---- enrolment ----------------------------------------------------------------------------


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL).provisioning_uri(
        name=user.username, issuer_name=TOTP_ISSUER
    )


def totp_qr_data_uri(uri: str) -> str:
    """The otpauth URI as an SVG QR code in a ``data:`` URI (the CSP allows data: images)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def format_secret(secret: str) -> str:
    """Groups of four, as authenticator apps show them for manual entry."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def user_totp_enrol(*, user: User, secret: str, code: str, now: dt.datetime | None = None) -> bool:
    """Bind an authenticator: the code must come from ``secret``. The old binding is replaced."""
    step = totp_step_matching(secret, code, now)
    if step is None:
        return False
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.totp_secret = secret
        locked.totp_last_step = step
        locked.save(update_fields=["totp_secret", "totp_last_step"])
    user.totp_secret = secret
    user.totp_last_step = step
    return True


def user_totp_clear(*, user: User) -> None:
    """Remove the binding (administrators, when a phone is lost)."""
    User.objects.filter(pk=user.pk).update(totp_secret="", totp_last_step=None)
    user.totp_secret = ""
    user.totp_last_step = None


def login_enrolment_confirm(*, request: HttpRequest, user: User, secret: str, code: str) -> SignIn:
    """Finish a sign-in that had to bind an authenticator first: the code completes it."""
    ip = client_ip(request)
    until = login_locked_until(username=user.username, ip=ip)
    if until is not None:
        login_attempt_record(username=user.username, ip=ip, outcome=LoginAttempt.Outcome.THROTTLED)
        return SignIn(error=locked_message(until), throttled=True)
    if not user_totp_enrol(user=user, secret=secret, code=code):
        login_attempt_record(username=user.username, ip=ip, outcome=LoginAttempt.Outcome.BAD_CODE)
        return SignIn(error=BAD_CODE)
    login_attempt_record(username=user.username, ip=ip, outcome=LoginAttempt.Outcome.SUCCEEDED)
    return SignIn(user=user)
