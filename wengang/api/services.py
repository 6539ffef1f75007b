"""Tokens: create (the key is returned once), revoke, find by key; idempotent creating POSTs."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from wengang.accounts.models import ORGANISATION_ROLES, User

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
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


class IdempotencyConflict(Exception):
    """The key was used before with a different body."""


def idempotent(
    *, token: ApiToken | None, key: str | None, endpoint: str, body: bytes, create: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run ``create`` (returns status and JSON body) once per (token, key): a repeat with the same
    body gets the stored response, a repeat with another body raises IdempotencyConflict. Only
    successful responses are stored, so a corrected retry with the same key goes through."""
    if token is None or not key:
        return create()
    body_hash = hashlib.sha256(endpoint.encode() + b"\0" + body).hexdigest()
    previous = IdempotencyRecord.objects.filter(token=token, key=key[:255]).first()
    if previous is not None:
        if previous.body_hash != body_hash:
            raise IdempotencyConflict
        return previous.status_code, previous.response
    with transaction.atomic():
        status, payload = create()
        if 200 <= status < 300:
            try:
                with transaction.atomic():
                    IdempotencyRecord.objects.create(
                        token=token, key=key[:255], endpoint=endpoint, body_hash=body_hash,
                        status_code=status, response=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
                    )
            except IntegrityError:  # a concurrent request with the same key won: undo ours, replay theirs
                transaction.set_rollback(True)
                raise IdempotencyConflict from None
    return status, payload
