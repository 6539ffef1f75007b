"""Applications (own organisation only, paginated), receipt verification, placement confirmation,
and the per-token rate limit."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import id_number, pdf_upload
from wengang.layoffs import services as layoff_services
from wengang.placements.models import PlacementStatus
from wengang.placements.services import placement_declare

from ..layoffs.factories import complete_report
from .conftest import TODAY, ApiClient, api_as, application, assert_error, key_for

pytestmark = pytest.mark.django_db


# ---- applications -----------------------------------------------------------------------------


def test_an_enterprise_lists_its_own_applications_in_pages(key_owner, plain_owner):
    for seq in range(23):
        application(key_owner, seq)
    application(plain_owner, 1)
    client = api_as(key_owner)
    first = client.get("/api/v1/applications").json()
    assert first["count"] == 23 and len(first["items"]) == 20
    second = client.get("/api/v1/applications", page=2).json()
    assert len(second["items"]) == 3
    small = client.get("/api/v1/applications", page=3, page_size=10).json()
    assert [a["reference"] for a in small["items"]] == [f"OP2-API-{key_owner.organisation_id}-{s:04d}" for s in (2, 1, 0)]
    assert {a["status_label"] for a in first["items"]} == {"草稿"}


def test_one_application_with_its_status(key_owner):
    app = application(key_owner, 1)
    body = api_as(key_owner).get(f"/api/v1/applications/{app.pk}").json()
    assert body["reference"] == app.reference and body["status"] == "draft" and body["period_end"] == "2020-03-31"


def test_another_organisations_application_is_not_found(key_owner, plain_owner):
    app = application(key_owner, 1)
    assert_error(api_as(plain_owner).get(f"/api/v1/applications/{app.pk}"), 404, "not_found")


@pytest.mark.parametrize("persona", ["reviewer", "street_staff"])
def test_staff_tokens_cannot_list_applications(request, persona):
    assert_error(api_as(request.getfixturevalue(persona)).get("/api/v1/applications"), 403, "forbidden")


def test_no_key_is_refused(db):
    body = assert_error(api_as(None).get("/api/v1/applications"), 401)
    assert body == {"code": "unauthenticated", "message": "接口密钥无效、已吊销或未提供"}


def test_a_page_past_the_bounds_is_a_chinese_error(key_owner):
    body = assert_error(api_as(key_owner).get("/api/v1/applications", page=0), 422, "invalid")
    assert body["message"] == "请求参数格式不正确（page）"


# ---- verification -----------------------------------------------------------------------------


def test_a_receipt_is_verified_with_only_its_date(key_owner, plain_firm):
    from wengang.accounts.models import Department

    reviewer = _outsider_of(None, username="laodong", role="reviewer")
    reviewer.department = Department.objects.get(code="labour-relations")
    reviewer.save()
    report = complete_report(key_owner, today=TODAY)
    layoff_services.report_submit(report=report, user=key_owner)
    layoff_services.report_accept(report=report, user=reviewer)
    report.refresh_from_db()
    response = api_as(_outsider_of(plain_firm)).get(f"/api/v1/verify/layoff-receipts/{report.receipt_number}")
    assert response.json() == {"valid": True, "message": "真实有效", "date": "2020-06-01"}


def test_an_unknown_receipt_is_not_found(key_owner):
    body = assert_error(api_as(key_owner).get("/api/v1/verify/layoff-receipts/朝人社收〔2020〕第9999号"), 404)
    assert body["message"] == "未查到该编号的收悉证明"


def _outsider_of(organisation, username="other", role="enterprise"):
    from wengang.accounts.models import User

    return User.objects.create_user(username=username, password="x-password-1", role=role, organisation=organisation)


# ---- placements -------------------------------------------------------------------------------


@pytest.fixture
def placement(agency_user, key_firm, key_owner):
    from ..placements.conftest import make_post

    post = make_post(key_firm, urgent=True)
    return placement_declare(
        user=agency_user, post=post, worker_name="工人1", worker_id_number=id_number(1),
        start_date=dt.date(2020, 3, 2), proof=pdf_upload(),
    )


def test_the_enterprise_confirms_the_agencys_placement(placement, key_owner, agency_user):
    body = api_as(key_owner).post(f"/api/v1/placements/{placement.pk}/confirm", {}).json()
    assert body["status"] == PlacementStatus.CONFIRMED and body["status_label"] == "双方已确认"
    listed = api_as(agency_user).get("/api/v1/placements").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "confirmed"


def test_the_agency_cannot_confirm_for_the_enterprise(placement, agency_user):
    assert_error(api_as(agency_user).post(f"/api/v1/placements/{placement.pk}/confirm", {}), 409, "not_allowed")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.DECLARED


def test_another_enterprise_does_not_see_the_placement(placement, plain_owner):
    assert_error(api_as(plain_owner).post(f"/api/v1/placements/{placement.pk}/confirm", {}), 404)
    assert api_as(plain_owner).get("/api/v1/placements").json()["count"] == 0


def test_staff_tokens_cannot_confirm(placement, reviewer):
    assert_error(api_as(reviewer).post(f"/api/v1/placements/{placement.pk}/confirm", {}), 403, "forbidden")


# ---- rate limit -------------------------------------------------------------------------------


def test_each_token_has_its_own_rate_with_retry_after(key_owner, colleague, settings):
    settings.API_RATE_PER_TOKEN = "2/60"
    client = ApiClient(key_for(key_owner))
    codes = [client.get("/api/v1/applications").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get("/api/v1/applications")
    wait = response["Retry-After"]
    assert 1 <= int(wait) <= 60
    assert response.json() == {"code": "rate_limited", "message": f"请求过于频繁，请 {wait} 秒后再试"}
    assert ApiClient(key_for(colleague)).get("/api/v1/applications").status_code == 200


def test_bad_keys_are_limited_per_address(db, settings):
    settings.JOBS_API_BAD_KEYS_PER_ADDRESS = "2/600"
    client = ApiClient("wg_nope")
    codes = [client.get("/api/v1/applications").status_code for _ in range(3)]
    assert codes == [401, 401, 429]


def test_a_wrong_method_is_a_json_405(key_owner):
    response = api_as(key_owner).client.delete("/api/v1/applications")
    body = assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST" and body["message"] == "不支持该请求方法（可用：GET, POST）"
