"""Personas for the API: an enterprise (owner) and another one (outsider), an HR agency, street
staff, a reviewer and a job seeker, each with a token; a client that sends a token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from wengang.accounts.models import Department, Role, User
from wengang.api.services import token_create
from wengang.registry.models import Organisation, Street
from wengang.subsidies.models import Application, SubsidyType

from ..subsidies_apply.factories import uscc

TODAY = dt.date(2020, 6, 1)


@pytest.fixture(autouse=True)
def api_settings(settings, tmp_path):
    settings.WENGANG_TODAY = TODAY.isoformat()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


def _user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password="x-password-1", role=role, **extra)


@pytest.fixture
def sunhe(db) -> Street:
    return Street.objects.get(name="孙河")


@pytest.fixture
def firm(sunhe) -> Organisation:
    return Organisation.objects.create(
        uscc=uscc(81), name="北京物美商业集团孙河物流配送中心", street=sunhe, industry_code="G59",
        key_category=Organisation.KeyCategory.NECESSITIES,
    )


@pytest.fixture
def rival_firm(db) -> Organisation:
    return Organisation.objects.create(uscc=uscc(82), name="北京丙丁贸易有限公司", industry_code="F52")


@pytest.fixture
def agency(db) -> Organisation:
    return Organisation.objects.create(uscc=uscc(83), name="北京朝阳人力资源有限公司", kind=Organisation.Kind.AGENCY)


@pytest.fixture
def owner(firm) -> User:
    return _user("wumei", Role.ENTERPRISE, first_name="王经理", organisation=firm)


@pytest.fixture
def colleague(firm) -> User:
    return _user("wumei2", Role.ENTERPRISE, first_name="李会计", organisation=firm)


@pytest.fixture
def outsider(rival_firm) -> User:
    return _user("bingding", Role.ENTERPRISE, first_name="赵经理", organisation=rival_firm)


@pytest.fixture
def agency_user(agency) -> User:
    return _user("jigou", Role.AGENCY, organisation=agency)


@pytest.fixture
def street_staff(sunhe) -> User:
    return _user("jiexiang", Role.STREET, first_name="陈静", street=sunhe)


@pytest.fixture
def reviewer(db) -> User:
    return _user("shenhe", Role.REVIEWER, first_name="周涛", department=Department.objects.get(code="labour-service"))


@pytest.fixture
def seeker(db) -> User:
    return _user("qiuzhi", Role.INDIVIDUAL, first_name="求职者")


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


def application(owner: User, seq: int, policy: str = "OP2") -> Application:
    start = dt.date(2020, 1, 1) + dt.timedelta(days=seq)
    return Application.objects.create(
        reference=f"{policy}-API-{owner.organisation_id}-{seq:04d}",
        organisation=owner.organisation,
        subsidy_type=SubsidyType.objects.get(policy=policy),
        period_start=start,
        period_end=start + dt.timedelta(days=89),
        applicant=owner,
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
