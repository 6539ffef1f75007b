"""Filing an application with its materials over the API: one transaction, idempotent by key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from tests.concurrency import at_once
from tests.factories import OP3_FACTS, pdf_bytes
from wengang.api.models import IdempotencyRecord
from wengang.cases.models import CaseEvent
from wengang.subsidies.models import Application, Material, Status
from wengang.subsidies.services import apply

from .conftest import assert_error, key_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications"


@pytest.fixture
def key(key_owner) -> str:
    key_owner.organisation.facts = OP3_FACTS
    key_owner.organisation.save(update_fields=["facts"])
    return key_for(key_owner)


def file(key: str, *, idempotency_key: str = "", pdf: bytes | None = None, **fields: str):
    data = {
        "subsidy_type": "OP3", "commitment_accepted": "true",
        "materials": SimpleUploadedFile("缴费凭证.pdf", pdf_bytes(2) if pdf is None else pdf, "application/pdf"),
        **fields,
    }
    headers = {"Authorization": f"Token {key}"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    return Client().post(URL, data, headers=headers)


def submissions(application: Application) -> int:
    return CaseEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk, to_status=Status.SUBMITTED
    ).count()


def test_an_enterprise_files_an_application_with_its_materials(key, key_owner):
    response = file(key, idempotency_key="erp-0001")
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get(pk=body["id"])
    assert application.organisation == key_owner.organisation
    assert application.status == Status.SUBMITTED
    assert (str(application.period_start), str(application.period_end)) == ("2020-02-01", "2020-04-30")
    assert body["status_label"] == "已提交" and body["claimed_amount"] == "15000.00"
    assert application.claimed_amount == Decimal("15000.00")
    assert body["materials"] == [{
        "item": 1, "requirement": "社会保险费缴费凭证", "file_name": "北京物美商业集团孙河物流配送中心+社会保险费缴费凭证.pdf",
        "pages": 2, "size": len(pdf_bytes(2)), "sha256": Material.objects.get().sha256,
    }]
    material = Material.objects.get(application=application)
    assert material.file.read() == pdf_bytes(2)
    assert submissions(application) == 1


def test_a_retry_with_the_same_key_answers_the_first_filing(key):
    first = file(key, idempotency_key="erp-0002")
    again = file(key, idempotency_key="erp-0002")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    application = Application.objects.get()
    assert Material.objects.filter(application=application).count() == 1
    assert submissions(application) == 1
    assert IdempotencyRecord.objects.get().status_code == 201


def test_a_failure_between_the_steps_leaves_nothing_and_the_retry_files_once(key, monkeypatch):
    """As if the process died after the draft and its PDF were written but before the submission."""
    real_submit = apply.application_submit

    def crash(**kwargs):
        raise ConnectionResetError("simulated failure after the materials")

    monkeypatch.setattr(apply, "application_submit", crash)
    failed = file(key, idempotency_key="erp-0003")
    assert_error(failed, 500, "server_error")
    assert (Application.objects.count(), Material.objects.count(), IdempotencyRecord.objects.count()) == (0, 0, 0)

    monkeypatch.setattr(apply, "application_submit", real_submit)
    retried = file(key, idempotency_key="erp-0003")
    assert retried.status_code == 201
    application = Application.objects.get()
    assert [m.requirement.name for m in application.materials.all()] == ["社会保险费缴费凭证"]
    assert submissions(application) == 1


def test_the_same_key_with_other_materials_is_refused(key):
    assert file(key, idempotency_key="erp-0004").status_code == 201
    assert_error(file(key, idempotency_key="erp-0004", pdf=pdf_bytes(3)), 409, "idempotency_conflict")
    assert Application.objects.count() == 1


def test_a_second_filing_for_the_same_period_is_refused(key):
    assert file(key).status_code == 201
    body = assert_error(file(key), 409, "already_claimed")
    assert body["message"] == "本单位已提交过该期间的申请"
    assert Application.objects.count() == 1


def test_a_file_that_is_not_a_pdf_files_nothing(key):
    body = assert_error(file(key, idempotency_key="erp-0005", pdf=b"hello, not a pdf"), 400, "invalid_material")
    assert "不是PDF格式" in body["message"]
    assert (Application.objects.count(), Material.objects.count(), IdempotencyRecord.objects.count()) == (0, 0, 0)


def test_the_commitment_must_be_accepted(key):
    body = assert_error(file(key, commitment_accepted="false"), 400, "refused")
    assert "承诺书" in body["message"]
    assert Application.objects.count() == 0


def test_a_checklist_item_that_does_not_exist_is_refused(key):
    body = assert_error(file(key, items="2"), 400, "invalid")
    assert body["message"] == "材料清单没有第 2 项（共 1 项）"


def test_only_applicants_file(reviewer, street_staff):
    for user in (reviewer, street_staff):
        assert_error(file(key_for(user)), 403, "forbidden")
    assert_error(Client().post(URL, {"subsidy_type": "OP3", "commitment_accepted": "true"}), 401, "unauthenticated")
    assert Application.objects.count() == 0


def test_an_agency_cannot_file_an_enterprise_subsidy(agency_user):
    body = assert_error(file(key_for(agency_user)), 400, "invalid")
    assert body["message"] == "本单位不能申请“OP3”，或该补贴目前不受理申请"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="live concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_with_one_key_at_once_file_once(key):
    """A client that retries while its first request is still running: the second waits on the
    first's claim of the key, then answers the same filing."""
    answers = []
    errors = at_once(lambda: answers.append(file(key, idempotency_key="erp-0006")), [(), ()])
    assert errors == []
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    application = Application.objects.get()
    assert Material.objects.filter(application=application).count() == 1
    assert submissions(application) == 1
