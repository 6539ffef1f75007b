"""Personas for screening: a district reviewer (``reviewer``, tests/personas.py) and an administrator
(staff), the screened firm's user (owner) and another firm's (outsider); extracts built from the engine tests' OP3 firm."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import make_user
from tests.personas import user_fixture
from wengang.accounts.models import Role, User
from wengang.registry.models import Organisation

from ..policy.test_screen_files import HEADER, OP3_FIRM, _code

TODAY = dt.date(2020, 6, 1)
#: a second firm of the same kind whose OP3 facts are incomplete (待定): no 2019 payer average
UNKNOWN_FIRM = {**OP3_FIRM, "uscc": _code("91110105000022HP7"), "name": "北京待定商贸有限公司", "street": "孙河",
                "ui_payers_2019_avg": ""}


@pytest.fixture(autouse=True)
def screening_settings(settings, tmp_path):
    settings.WENGANG_TODAY = TODAY.isoformat()
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def extract_csv(*rows: dict[str, str], name: str = "登记数据.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def standard_extract() -> SimpleUploadedFile:
    """The OP3 firm (符合, 15,000.00), the 待定 firm, and a row with a wrong check character (rejected)."""
    return extract_csv(OP3_FIRM, UNKNOWN_FIRM, {**OP3_FIRM, "uscc": "91110105000021HP7X", "name": "校验码错误的企业"})


admin_user = user_fixture("guanli", Role.ADMIN, first_name="管理员")


@pytest.fixture
def firm(db) -> Organisation:
    return Organisation.objects.create(uscc=OP3_FIRM["uscc"], name=OP3_FIRM["name"], industry_code="F52")


@pytest.fixture
def unknown_firm(db) -> Organisation:
    return Organisation.objects.create(uscc=UNKNOWN_FIRM["uscc"], name=UNKNOWN_FIRM["name"], industry_code="F52")


owner = user_fixture("shangmao", Role.ENTERPRISE, organisation="firm", first_name="王经理")
unknown_owner = user_fixture("daiding", Role.ENTERPRISE, organisation="unknown_firm", first_name="李经理")


@pytest.fixture
def outsider(db) -> User:
    other = Organisation.objects.create(uscc=_code("91110105000023HP7"), name="北京丙丁贸易有限公司")
    return make_user("bingding", Role.ENTERPRISE, first_name="赵经理", organisation=other)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submit(user: User, django_capture_on_commit_callbacks: Any, upload: SimpleUploadedFile | None = None,
           **fields: str) -> Any:
    """POST the screening form (run eagerly after the commit); the response, redirects followed."""
    data = {"source": "upload", "file": upload or standard_extract(), "decision_date": "2020-05-01",
            "variant": "baseline", "overrides": "", **fields}
    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/screening/", data)
    if response.status_code != 302:
        return response
    page = client.get(response["Location"])
    page.redirect_chain = [(response["Location"], 302)]
    return page
