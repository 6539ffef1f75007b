"""Tokens: create (the key is returned once), revoke, find by key; idempotent creating POSTs; filing
an application with its materials in one go."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from wengang import clock
from wengang.accounts.models import ORGANISATION_ROLES, User
from wengang.accounts.permissions import is_applicant
from wengang.subsidies.models import Application, SubsidyType
from wengang.subsidies.services import apply
from wengang.subsidies.services.materials import MaterialError, material_attach

from .models import ApiToken, IdempotencyRecord

KEY_PREFIX = "wg_"


class TokenError(Exception):
    """A token cannot be created or revoked; the message is Chinese."""


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new key for ``user``'s organisation and role. Returns the token and the key, which is not
    stored and cannot be shown again."""
    from .permissions import can_hold_tokens

    if not can_hold_tokens(user):
        raise TokenError("您的账号不能创建接口密钥")
    name = name.strip()
    if not name:
        raise TokenError("请填写密钥用途")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, organisation_id=user.organisation_id if user.role in ORGANISATION_ROLES else None,
        role=user.role, name=name[:100], prefix=key[: len(KEY_PREFIX) + 6], key_hash=token_hash(key),
    )
    return token, key


def token_revoke(*, user: User, token: ApiToken) -> None:
    if not can_manage_token(user, token):
        raise TokenError("您不能吊销这个密钥")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=clock.now())


def can_manage_token(user: User, token: ApiToken) -> bool:
    """The organisation's users manage its keys; staff (no organisation) manage their own."""
    if not user.is_active:
        return False
    if token.organisation_id is not None:
        return user.organisation_id == token.organisation_id and user.role in ORGANISATION_ROLES
    return token.user_id == user.pk


def tokens_for(user: User) -> list[ApiToken]:
    if user.role in ORGANISATION_ROLES and user.organisation_id:
        rows = ApiToken.objects.filter(organisation_id=user.organisation_id)
    else:
        rows = ApiToken.objects.filter(user=user, organisation__isnull=True)
    return list(rows.select_related("user"))


def token_for_key(key: str) -> ApiToken | None:
    """The live token for ``key``: not revoked, its user active and still in the token's scope
    (same role and organisation), else None. Marks it used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(key), revoked_at__isnull=True).first()
    if token is None:
        return None
    user = token.user
    if not user.is_active or user.role != token.role:
        return None
    if token.organisation_id is not None and user.organisation_id != token.organisation_id:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
    return token


class IdempotencyConflict(Exception):
    """The key was used before with a different body."""


class _NotKept(Exception):
    """An unsuccessful answer: everything ``create`` wrote is rolled back with the key's claim."""

    def __init__(self, status: int, payload: Any) -> None:
        super().__init__(status)
        self.status = status
        self.payload = payload


def _replay(token: ApiToken, key: str, body_hash: str) -> tuple[int, Any] | None:
    previous = IdempotencyRecord.objects.filter(token=token, key=key).first()
    if previous is None:
        return None
    if previous.body_hash != body_hash:
        raise IdempotencyConflict
    return previous.status_code, previous.response


def idempotent(
    *, token: ApiToken | None, key: str | None, endpoint: str, body: bytes, create: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run ``create`` (returns status and JSON body) once per (token, key): a repeat with the same
    body gets the stored response, a repeat with another body raises IdempotencyConflict. Only
    successful responses are stored, so a corrected retry with the same key goes through.

    The key is claimed (its row inserted) *before* ``create`` runs, in the same transaction: a
    concurrent request with the same key waits on that row and then replays the committed answer;
    a process killed mid-way leaves neither the record nor what ``create`` wrote."""
    if token is None or not key:
        return create()
    key = key[:255]
    body_hash = hashlib.sha256(endpoint.encode() + b"\0" + body).hexdigest()
    stored = _replay(token, key, body_hash)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        token=token, key=key, endpoint=endpoint, body_hash=body_hash, status_code=0
                    )
            except IntegrityError:  # a concurrent request with the same key committed first
                raise _NotKept(0, None) from None
            status, payload = create()
            if not 200 <= status < 300:
                raise _NotKept(status, payload)
            record.status_code = status
            record.response = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
            record.save(update_fields=["status_code", "response"])
    except _NotKept as answer:
        if answer.status:
            return answer.status, answer.payload
        stored = _replay(token, key, body_hash)
        if stored is None:  # pragma: no cover - the winner's row was there a moment ago
            raise IdempotencyConflict from None
        return stored
    return status, payload


# ---- filing an application ---------------------------------------------------------------------


class FilingRefused(Exception):
    """An application the API cannot file; ``code`` for programs, the message in Chinese."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


#: more files than any checklist has items, a few times over
MAX_MATERIALS = 20


def application_file(
    *,
    user: User,
    policy: str,
    period_key: str,
    materials: Sequence[tuple[int, UploadedFile]],
    commitment_accepted: bool,
    ineligible_reason: str = "",
) -> Application:
    """Start (or resume) the draft, attach each PDF to its checklist item (numbered from 1, in the
    checklist's order) and submit it, in one transaction: a refusal at any step, or a process killed
    at any point, leaves no draft, no material row and no audit row behind."""
    organisation = user.organisation
    if not is_applicant(user) or organisation is None:
        raise FilingRefused(403, "forbidden", "只有申请单位（企业、人力资源服务机构）可以提交申请")
    subsidy = SubsidyType.objects.filter(policy=policy, active=True, applicant_kind=organisation.kind).first()
    if subsidy is None:
        raise FilingRefused(400, "invalid", f"本单位不能申请“{policy}”，或该补贴目前不受理申请")
    if len(materials) > MAX_MATERIALS:
        raise FilingRefused(400, "invalid", f"一次最多上传 {MAX_MATERIALS} 个材料文件")
    checklist = list(subsidy.requirements.all())
    for item, _ in materials:
        if not 1 <= item <= len(checklist):
            raise FilingRefused(400, "invalid", f"材料清单没有第 {item} 项（共 {len(checklist)} 项）")
    try:
        if period_key:
            period = apply.parse_period(subsidy, period_key)
        else:
            fixed = apply.fixed_period(subsidy)
            if fixed is None:
                raise apply.ApplyError("请填写补贴期间（period，如 2020-01-01_2020-06-30）")
            period = fixed
        with transaction.atomic():
            application = apply.application_start(user=user, subsidy_type=subsidy, period=period)
            for item, upload in materials:
                material_attach(application=application, requirement=checklist[item - 1], upload=upload, user=user)
            submitted = apply.application_submit(
                application=application, user=user, submission_key=str(application.submission_key),
                commitment_accepted=commitment_accepted, ineligible_reason=ineligible_reason,
            )
    except apply.IneligibleNeedsReason as err:
        raise FilingRefused(400, "ineligible_needs_reason", str(err)) from None
    except MaterialError as err:
        raise FilingRefused(400, "invalid_material", str(err)) from None
    except apply.ApplyError as err:
        if str(err) == apply.ALREADY_CLAIMED:
            raise FilingRefused(409, "already_claimed", str(err)) from None
        raise FilingRefused(400, "refused", str(err)) from None
    return submitted.application
