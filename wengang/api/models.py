"""API tokens (one model for every partner endpoint) and the idempotency record of creating POSTs."""

from __future__ import annotations

from django.db import models

from wengang import clock
from wengang.accounts.models import Role
from wengang.cases import fields


class ApiToken(models.Model):
    """A key scoped to one organisation (none for bureau staff) and one role, acting as the user
    who created it. Only the SHA-256 of the key is stored; the key is shown once, at creation.
    ``prefix`` (the key's first characters) lets people tell their keys apart in the list."""

    user = fields.person("创建人", "api_tokens", on_delete=models.CASCADE)
    organisation = fields.organisation("所属单位", "api_tokens", optional=True, on_delete=models.CASCADE)
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("密钥前缀", max_length=16, blank=True, db_index=True, editable=False)
    key_hash = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=clock.now, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix or '…'}）"


class IdempotencyRecord(models.Model):
    """The first response to a creating POST with an ``Idempotency-Key``, replayed for the same key
    and body; the same key with another body is refused (409)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_per_token")]

    def __str__(self) -> str:
        return f"{self.token_id}:{self.key}"
