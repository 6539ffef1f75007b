"""Personas for the API: the job market's (tests/personas.py: an enterprise ``key_owner`` and another
one ``plain_owner``, an HR agency, street staff, a reviewer), a colleague of ``key_owner`` and a
job seeker; a client that sends a token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from tests.factories import service_day_fixture
from tests.personas import user_fixture
from wengang.accounts.models import Role, User
from wengang.api.services import token_create
from wengang.subsidies.models import Application, SubsidyType

TODAY = dt.date(2020, 6, 1)


api_settings = service_day_fixture(TODAY.isoformat())


colleague = user_fixture("wumei2", Role.ENTERPRISE, organisation="key_firm", first_name="李会计")
seeker = user_fixture("qiuzhi", Role.INDIVIDUAL, first_name="求职者")


def key_for(user: User, name: str = "本单位系统") -> str:
    return token_create(user=user, name=name)[1]


class ApiClient:
    """Django's test client with ``Authorization: Token <key>`` on every request."""

    def __init__(self, key: str | None) -> None:
        self.client = Client()
        self.key = key

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        out = dict(headers or {})
        if self.key is not None:
            out.setdefault("Authorization", f"Token {self.key}")
        return out

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        body = data if isinstance(data, str | bytes) else json.dumps(data or {}, ensure_ascii=False)
        return self.client.post(path, body, content_type="application/json", headers=self._headers(headers))


def api_as(user: User | None) -> ApiClient:
    return ApiClient(key_for(user) if user is not None else None)


def application(key_owner: User, seq: int, policy: str = "OP2") -> Application:
    start = dt.date(2020, 1, 1) + dt.timedelta(days=seq)
    return Application.objects.create(
        reference=f"{policy}-API-{key_owner.organisation_id}-{seq:04d}",
        organisation=key_owner.organisation,
        subsidy_type=SubsidyType.objects.get(policy=policy),
        period_start=start,
        period_end=start + dt.timedelta(days=89),
        applicant=key_owner,
    )


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The house error body: ``{"code", "message"}`` with a Chinese message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
    if code is not None:
        assert body["code"] == code
    return body
