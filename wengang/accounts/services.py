"""Signing in: passwords checked by Django, one-time codes (TOTP), and throttling of failures.

Every attempt is a ``LoginAttempt`` row (the audit trail). Throttling counts failures in Django's
cache under three keys, each with waits that double as failures go on (``Backoff``):

* one account from one address — four free tries, then 30 s, 1 min, 2 min … up to 15 minutes;
* one address, whatever the names — ten free tries, then the same;
* one account from anywhere — a soft slowdown of at most 30 s, skipped from addresses the owner
  has signed in from, so nobody can lock the owner out by failing on purpose.

An address that fails for five different names within an hour is spraying passwords: it is
recorded (``LoginAttempt`` outcome ``spraying``) and refused for an hour. Attempts refused while
waiting are recorded but do not count. The messages never say whether a user name exists.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import io
import logging
import math
import time
from dataclasses import dataclass

import pyotp
import qrcode
import qrcode.image.svg
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginAttempt, User

logger = logging.getLogger(__name__)

#: failures that count towards a delay; a refusal while delayed does not
FAILURES = (LoginAttempt.Outcome.BAD_PASSWORD, LoginAttempt.Outcome.BAD_CODE)


@dataclass(frozen=True)
class Backoff:
    """``free`` failures cost nothing; then each failure doubles the wait before the next
    attempt, from ``base`` up to ``cap`` seconds. Counts are forgotten ``WINDOW`` after the wait."""

    free: int
    base: float
    cap: float

    def wait(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return float(min(self.base * 2 ** (failures - self.free - 1), self.cap))


WINDOW = 15 * 60
#: one account from one address: the owner mistyping, or someone guessing that account from there
ACCOUNT_FROM_ADDRESS = Backoff(free=4, base=30, cap=15 * 60)
#: one address, whatever the names
ADDRESS = Backoff(free=10, base=30, cap=15 * 60)
#: one account from anywhere (guessing spread over many addresses): a soft slowdown only, never
#: a lock an outsider can impose, and none at all from an address the owner signed in from
ACCOUNT = Backoff(free=10, base=2, cap=30)
KNOWN_ADDRESS_DAYS = 90
#: password spraying: failures for this many different names from one address inside an hour
SPRAY_NAMES = 5
SPRAY_WINDOW = 60 * 60
#: how long an address caught spraying is refused (an hour: an office behind one address is not shut out for a day)
SPRAY_BLOCK = 60 * 60

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


# ---- throttling -----------------------------------------------------------------------------
# Kept in Django's cache (Redis in production, see settings): keys per address, per (account,
# address) and per account. Waits grow with failures; no key lets a stranger keep the owner out:
# the per-account wait is short and skipped from addresses the owner has signed in from.


def _now() -> float:
    return time.time()


def _name_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _keys(username: str, ip: str | None) -> dict[str, tuple[str, Backoff]]:
    keys: dict[str, tuple[str, Backoff]] = {}
    name = _name_key(username) if username.strip() else ""
    if name:
        keys["account"] = (f"login:account:{name}", ACCOUNT)
    if ip:
        keys["address"] = (f"login:address:{ip}", ADDRESS)
        if name:
            keys["account_address"] = (f"login:account-address:{name}:{ip}", ACCOUNT_FROM_ADDRESS)
    return keys


def _live(state: dict[str, float] | None, backoff: Backoff, now: float) -> dict[str, float] | None:
    """The counts, unless forgotten: ``WINDOW`` after the wait that followed the last failure."""
    if not state or now - state["last"] > WINDOW + backoff.wait(int(state["n"])):
        return None
    return state


def known_address(username: str, ip: str | None) -> bool:
    """Whether the owner of this user name has signed in from this address recently."""
    if not ip or not username.strip():
        return False
    since = timezone.now() - dt.timedelta(days=KNOWN_ADDRESS_DAYS)
    return LoginAttempt.objects.filter(username__iexact=username.strip(), ip=ip, succeeded=True, at__gt=since).exists()


def spraying(ip: str | None) -> bool:
    return bool(ip) and cache.get(f"login:spray:{ip}") is not None


def login_wait(*, username: str, ip: str | None) -> float:
    """Seconds before the next attempt for this name from this address is checked (0 = now)."""
    if spraying(ip):
        return float(SPRAY_BLOCK)
    now = _now()
    wait = 0.0
    for kind, (key, backoff) in _keys(username, ip).items():
        state = _live(cache.get(key), backoff, now)
        if state is None:
            continue
        left = state["last"] + backoff.wait(int(state["n"])) - now
        if left <= 0:
            continue
        if kind == "account" and known_address(username, ip):
            continue
        wait = max(wait, left)
    return wait


def _record_failure(*, username: str, ip: str | None) -> bool:
    """Count a failure under every key; True when it shows this address spraying many names."""
    now = _now()
    for _kind, (key, backoff) in _keys(username, ip).items():
        state = _live(cache.get(key), backoff, now) or {"n": 0, "last": now}
        state = {"n": state["n"] + 1, "last": now}
        cache.set(key, state, timeout=int(WINDOW + backoff.wait(int(state["n"]))) + 1)
    if not ip or not username.strip():
        return False
    names_key = f"login:names:{ip}"
    names = [n for n in cache.get(names_key, []) if now - n[1] < SPRAY_WINDOW]
    name = _name_key(username)
    names = [n for n in names if n[0] != name] + [(name, now)]
    cache.set(names_key, names[-SPRAY_NAMES * 4 :], timeout=SPRAY_WINDOW)
    if len(names) >= SPRAY_NAMES:
        cache.set(f"login:spray:{ip}", now, timeout=SPRAY_BLOCK)
        return True
    return False


def _clear_account(*, username: str, ip: str | None) -> None:
    """A right password clears that account's counts (not the address's)."""
    keys = _keys(username, ip)
    cache.delete_many([keys[k][0] for k in ("account", "account_address") if k in keys])


def wait_message(seconds: float) -> str:
    if seconds >= 60:
        return f"登录尝试过于频繁，已暂停本次登录。请在 {math.ceil(seconds / 60)} 分钟后再试；如忘记密码，请联系系统管理员。"
    return f"登录尝试过于频繁，请在 {max(1, math.ceil(seconds))} 秒后再试。"


SPRAYING_MESSAGE = "该网络地址短时间内尝试了多个不同账号，已暂停从该地址登录。如有疑问，请联系系统管理员。"


def _refusal(username: str, ip: str | None) -> SignIn | None:
    """A throttled result when this attempt must wait, recorded; None when it may be checked."""
    wait = login_wait(username=username, ip=ip)
    if wait <= 0:
        return None
    login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.THROTTLED)
    return SignIn(error=SPRAYING_MESSAGE if spraying(ip) else wait_message(wait), throttled=True)


def _failed(*, username: str, ip: str | None, outcome: str) -> None:
    login_attempt_record(username=username, ip=ip, outcome=outcome)
    if _record_failure(username=username, ip=ip):
        login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.SPRAYING)
        logger.warning("password spraying from %s: failures for %d names within an hour", ip, SPRAY_NAMES)


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
    refusal = _refusal(username, ip)
    if refusal is not None:
        return refusal
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        _failed(username=username, ip=ip, outcome=LoginAttempt.Outcome.BAD_PASSWORD)
        return SignIn(error=BAD_CREDENTIALS)
    if user.totp_secret:
        if not user_totp_check(user=user, code=code):
            _failed(username=username, ip=ip, outcome=LoginAttempt.Outcome.BAD_CODE)
            return SignIn(error=BAD_CODE if code.strip() else CODE_NEEDED)
    elif user.totp_required:
        login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.NEEDS_ENROLMENT)
        return SignIn(user=user, enrol=True)
    login_attempt_record(username=username, ip=ip, outcome=LoginAttempt.Outcome.SUCCEEDED)
    _clear_account(username=username, ip=ip)
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
    refusal = _refusal(user.username, ip)
    if refusal is not None:
        return refusal
    if not user_totp_enrol(user=user, secret=secret, code=code):
        _failed(username=user.username, ip=ip, outcome=LoginAttempt.Outcome.BAD_CODE)
        return SignIn(error=BAD_CODE)
    login_attempt_record(username=user.username, ip=ip, outcome=LoginAttempt.Outcome.SUCCEEDED)
    _clear_account(username=user.username, ip=ip)
    return SignIn(user=user)
