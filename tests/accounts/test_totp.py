"""One-time codes (TOTP): required at sign-in once bound, and binding at /accounts/totp/."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pyotp
import pytest
from django.utils import timezone

from wengang.accounts import services
from wengang.accounts.models import LoginAttempt, User

from .factories import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def page(response) -> str:
    return response.content.decode()


def code_at(secret: str, moment: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


@pytest.fixture
def bound_reviewer(reviewer) -> User:
    reviewer.totp_secret = SECRET
    reviewer.save()
    return reviewer


def test_a_bound_user_needs_the_code_as_well_as_the_password(client, bound_reviewer):
    r = sign_in(client, "reviewer")
    assert r.status_code == 200
    assert "该账号已启用动态口令" in page(r)
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.get().outcome == "bad_code"


def test_it_refuses_a_wrong_code(client, bound_reviewer):
    right = pyotp.TOTP(SECRET).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    r = sign_in(client, "reviewer", code=wrong)
    assert "动态口令不正确" in page(r)
    assert "_auth_user_id" not in client.session


def test_it_accepts_the_right_code(client, bound_reviewer):
    r = sign_in(client, "reviewer", code=pyotp.TOTP(SECRET).now())
    assert r.status_code == 302 and r["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(bound_reviewer.pk)


def test_it_accepts_the_previous_step_but_not_two_steps_back():
    now = timezone.now()
    assert services.totp_step_matching(SECRET, code_at(SECRET, now - dt.timedelta(seconds=30)), now) is not None
    assert services.totp_step_matching(SECRET, code_at(SECRET, now + dt.timedelta(seconds=30)), now) is not None
    assert services.totp_step_matching(SECRET, code_at(SECRET, now - dt.timedelta(seconds=90)), now) is None


def test_it_never_accepts_the_same_code_twice(client, bound_reviewer):
    code = pyotp.TOTP(SECRET).now()
    assert sign_in(client, "reviewer", code=code).status_code == 302
    client.logout()
    r = sign_in(client, "reviewer", code=code)
    assert "动态口令不正确或已使用" in page(r)


def test_a_wrong_code_counts_towards_the_lock(client, bound_reviewer):
    for _ in range(5):
        sign_in(client, "reviewer", code="000000")
    r = sign_in(client, "reviewer", code=pyotp.TOTP(SECRET).now())
    assert r.status_code == 429


def test_it_rejects_a_malformed_code_before_checking_anything(client, bound_reviewer):
    r = sign_in(client, "reviewer", code="12ab")
    assert "动态口令是6位数字。" in page(r)
    assert LoginAttempt.objects.count() == 0


def test_a_user_without_a_code_ignores_the_field(client, enterprise_user):
    assert sign_in(client, "acme", code="123456").status_code == 302


# ---- binding -----------------------------------------------------------------------------


def shown_secret(response) -> str:
    match = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page(response))
    assert match, "secret not shown"
    return match.group(1).replace(" ", "")


def reauthenticate(client, code: str = ""):
    r = client.post("/accounts/totp/", {"password": PASSWORD, "code": code})
    assert r.status_code == 302 and r["Location"] == "/accounts/totp/?rebind=1"


def test_staff_bind_an_authenticator_with_a_qr_code(client, reviewer):
    client.force_login(reviewer)
    reauthenticate(client)
    r = client.get("/accounts/totp/")
    assert r.status_code == 200
    text = page(r)
    qr = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', text)
    assert qr, "QR code is not an inline data URI"
    assert base64.b64decode(qr.group(1)).lstrip().startswith(b"<?xml")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
    assert not re.search(r"\sstyle=", text)
    secret = shown_secret(r)
    assert shown_secret(client.get("/accounts/totp/")) == secret  # stays the same until confirmed

    r = client.post("/accounts/totp/", {"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302 and r["Location"] == "/accounts/"
    reviewer.refresh_from_db()
    assert reviewer.totp_secret == secret


def test_binding_refuses_a_wrong_code(client, reviewer):
    client.force_login(reviewer)
    reauthenticate(client)
    client.get("/accounts/totp/")
    r = client.post("/accounts/totp/", {"code": "000000"})
    assert r.status_code == 200 and "动态口令不正确" in page(r)
    reviewer.refresh_from_db()
    assert reviewer.totp_secret == ""


def test_the_uri_names_the_issuer_and_account(reviewer):
    uri = services.totp_uri(reviewer, SECRET)
    assert uri.startswith("otpauth://totp/") and "secret=" + SECRET in uri and "reviewer" in uri


def test_a_bound_user_sees_the_status_and_may_rebind(client, bound_reviewer):
    client.force_login(bound_reviewer)
    r = client.get("/accounts/totp/")
    assert "已绑定认证器应用" in page(r) and "totp-secret" not in page(r)
    reauthenticate(client, code=pyotp.TOTP(SECRET).now())
    r = client.get("/accounts/totp/?rebind=1")
    new = shown_secret(r)
    assert new != SECRET
    client.post("/accounts/totp/", {"code": pyotp.TOTP(new).now()})
    bound_reviewer.refresh_from_db()
    assert bound_reviewer.totp_secret == new


def test_a_session_alone_cannot_replace_the_authenticator(client, bound_reviewer):
    """Issue 8, finding 3: ?rebind=1 then a code from the new secret, without the password or the
    old code, used to bind the new secret."""
    client.force_login(bound_reviewer)
    r = client.get("/accounts/totp/?rebind=1")
    assert r.status_code == 200 and "totp-secret" not in page(r) and "当前密码" in page(r)
    attacker_secret = pyotp.random_base32()
    session = client.session
    session["accounts_totp_secret"] = attacker_secret
    session.save()
    r = client.post("/accounts/totp/", {"code": pyotp.TOTP(attacker_secret).now()})
    assert r.status_code == 403
    bound_reviewer.refresh_from_db()
    assert bound_reviewer.totp_secret == SECRET


def test_rebinding_needs_the_old_code_as_well_as_the_password(client, bound_reviewer):
    client.force_login(bound_reviewer)
    r = client.post("/accounts/totp/", {"password": PASSWORD, "code": ""})
    assert r.status_code == 200 and "totp-secret" not in page(r)
    r = client.post("/accounts/totp/", {"password": "wrong password", "code": pyotp.TOTP(SECRET).now()})
    assert r.status_code == 200 and "用户名或密码不正确" in page(r) and "totp-secret" not in page(r)
    assert LoginAttempt.objects.filter(username="reviewer", succeeded=False).count() == 2


def test_applicants_may_not_bind(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get("/accounts/totp/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    r = client.get("/accounts/totp/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"


def test_a_user_required_to_use_codes_binds_before_being_signed_in(client, reviewer):
    reviewer.totp_required = True
    reviewer.save()
    r = sign_in(client, "reviewer", next="/parameters/")
    assert r.status_code == 302 and r["Location"] == "/accounts/totp/"
    assert "_auth_user_id" not in client.session
    r = client.get("/accounts/totp/")
    assert "尚未绑定认证器应用" in page(r)
    secret = shown_secret(r)
    # the portal is still closed: the password alone signs nobody in
    assert client.get("/accounts/")["Location"].startswith("/accounts/login/")
    r = client.post("/accounts/totp/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    r = client.post("/accounts/totp/", {"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302 and r["Location"] == "/parameters/"
    assert client.session["_auth_user_id"] == str(reviewer.pk)
    reviewer.refresh_from_db()
    assert reviewer.totp_secret == secret
    outcomes = list(LoginAttempt.objects.order_by("at", "id").values_list("outcome", flat=True))
    assert outcomes == ["enrolment", "bad_code", "ok"]


def test_a_pending_binding_expires(client, reviewer):
    reviewer.totp_required = True
    reviewer.save()
    sign_in(client, "reviewer")
    session = client.session
    pending = session["accounts_pending_enrolment"]
    pending["since"] = (timezone.now() - dt.timedelta(minutes=11)).isoformat()
    session["accounts_pending_enrolment"] = pending
    session.save()
    assert client.get("/accounts/totp/")["Location"] == "/accounts/login/"


def test_the_admin_can_clear_a_lost_binding(client, administrator, bound_reviewer):
    client.force_login(administrator)
    r = client.post(
        "/admin/accounts/user/",
        {"action": "clear_totp", "_selected_action": [bound_reviewer.pk]},
    )
    assert r.status_code == 302
    bound_reviewer.refresh_from_db()
    assert bound_reviewer.totp_secret == "" and bound_reviewer.totp_last_step is None
