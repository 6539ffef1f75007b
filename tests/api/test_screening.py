"""Screening runs over the API: reviewers and administrators only; submit → progress → files."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_user
from wengang.accounts.models import Role
from wengang.screening.models import RunStatus, ScreeningRun

from ..policy.test_screen_files import HEADER, OP3_FIRM
from .conftest import api_as, assert_error, key_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/screening/runs"


def extract() -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerow(OP3_FIRM)
    writer.writerow({**OP3_FIRM, "uscc": "91110105000021HP7X", "name": "校验码错误的企业"})
    return SimpleUploadedFile("登记数据.csv", out.getvalue().encode("utf-8"), content_type="text/csv")


def submit(key: str, headers: dict[str, str] | None = None, **fields):
    from django.test import Client

    data = {"file": extract(), "decision_date": "2020-05-01", **fields}
    return Client().post(URL, data, headers={"Authorization": f"Token {key}", **(headers or {})})


def test_a_reviewer_screens_an_extract(reviewer, django_capture_on_commit_callbacks):
    key = key_for(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(key)
    assert response.status_code == 202
    run_id = response.json()["id"]
    body = api_as(None).__class__(key).get(f"{URL}/{run_id}").json()
    assert body["status"] == "done" and body["progress"] == 1.0
    assert body["counts"]["rows"] == 2 and body["counts"]["accepted"] == 1
    assert body["counts"]["eligible"]["OP3"] == 1 and body["counts"]["amount"]["OP3"] == "15000.00"
    assert set(body["files"]) == {"results", "rejects", "meta"}
    client = api_as(None).__class__(key)
    results = client.get(f"{URL}/{run_id}/files/results")
    assert results.status_code == 200 and "北京示例商贸有限公司" in b"".join(results.streaming_content).decode()
    rejects = b"".join(client.get(f"{URL}/{run_id}/files/rejects").streaming_content).decode()
    assert "uscc" in rejects


def test_a_queued_run_has_no_files_yet(reviewer):
    key = key_for(reviewer)
    run_id = submit(key).json()["id"]  # on_commit never fires inside the test's transaction
    client = api_as(None).__class__(key)
    assert client.get(f"{URL}/{run_id}").json()["status"] == RunStatus.QUEUED
    assert_error(client.get(f"{URL}/{run_id}/files/results"), 409, "not_ready")


def test_a_bad_parameter_is_a_chinese_400(reviewer):
    body = assert_error(submit(key_for(reviewer), overrides="no_such_param=1"), 400, "invalid")
    assert "未知参数" in body["message"]
    assert ScreeningRun.objects.count() == 0


def test_the_same_idempotency_key_submits_once(reviewer):
    key = key_for(reviewer)
    first = submit(key, headers={"Idempotency-Key": "run-1"})
    again = submit(key, headers={"Idempotency-Key": "run-1"})
    assert first.json()["id"] == again.json()["id"] and ScreeningRun.objects.count() == 1
    assert_error(submit(key, headers={"Idempotency-Key": "run-1"}, variant="op2-either"), 409, "idempotency_conflict")


@pytest.mark.parametrize("persona", ["key_owner", "agency_user", "street_staff"])
def test_others_may_not_screen(request, persona):
    assert_error(submit(key_for(request.getfixturevalue(persona))), 403, "forbidden")
    assert ScreeningRun.objects.count() == 0


def test_an_administrator_may_screen_and_a_municipal_reviewer_may_not(db):
    assert submit(key_for(make_user("guanli", Role.ADMIN))).status_code == 202
    assert_error(submit(key_for(make_user("shi", Role.MUNICIPAL))), 403)


def test_no_key_and_a_revoked_key(reviewer):
    key = key_for(reviewer)
    reviewer.api_tokens.update(revoked_at="2020-06-01T00:00:00Z")
    assert_error(submit(key), 401, "unauthenticated")
