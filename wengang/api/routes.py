"""The endpoints. Thin: check the caller with the apps' permission functions, call their services
and selectors, answer with the schemas; every error is ``{"code", "message"}``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FilePath
from typing import Any, Literal

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Path, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from wengang.accounts import permissions as account_permissions
from wengang.accounts.models import Role
from wengang.jobs import permissions as job_permissions
from wengang.jobs import services as job_services
from wengang.jobs.models import PostStatus
from wengang.jobs.payload import FieldErrors, PayloadError, post_from_json, read_json_object
from wengang.layoffs import selectors as layoff_selectors
from wengang.placements import services as placement_services
from wengang.placements.models import Placement, PlacementStatus
from wengang.policy import DEFAULT_ON
from wengang.screening import services as screening_services
from wengang.screening.models import RunStatus, ScreeningRun
from wengang.screening.permissions import can_screen
from wengang.subsidies.models import Application
from wengang.subsidies.services.apply import applications_of

from . import services
from .api import ApiError, acting_user, api
from .schemas import (
    ApplicationFiledOut,
    ApplicationOut,
    ConfirmIn,
    Error,
    JobPostIn,
    JobPostOut,
    PlacementOut,
    ReceiptOut,
    RefusedPost,
    ScreeningRunOut,
)
from .schemas import (
    FieldErrors as FieldErrorsOut,
)

#: record ids: within every database's integer column
MAX_ID = 2**31 - 1

#: every operation may answer these: no or bad key, a malformed parameter, too many requests
AUTH_ERRORS: dict[int, Any] = {401: Error, 422: Error, 429: Error}


class Pages(PageNumberPagination):
    """Page numbers from 1; at most 100 a page (20 unless asked)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="页码，从 1 开始")
        page_size: int | None = Field(None, ge=1, le=100, description="每页条数（默认 20，最多 100）")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=20, max_page_size=100, **kwargs)


def _idempotency_key(request: HttpRequest) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    return key or None


IDEMPOTENCY_HEADER = {
    "parameters": [
        {
            "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "maxLength": 255},
            "description": "幂等键：同一密钥以相同内容重复提交时返回首次结果；内容不同则返回 409",
        }
    ]
}


# ---- job posts --------------------------------------------------------------------------------


@api.post(
    "/jobs/posts",
    response={201: JobPostOut, 400: FieldErrorsOut, 403: Error, 409: Error, 413: Error, **AUTH_ERRORS, 422: RefusedPost},
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": JobPostIn.model_json_schema()}}},
        **IDEMPOTENCY_HEADER,
    },
    summary="发布招聘岗位（经 N17 用语检查）",
    tags=["招聘岗位"],
)
def post_create(request: HttpRequest) -> Any:
    """Enterprises post for themselves; street staff name the employer (``organisation``). Wording
    that N17 forbids is refused (422, with the findings); wording that needs a second look goes to
    moderation (201, status ``moderation``, with the findings)."""
    user = acting_user(request)
    if not job_permissions.can_post(user):
        raise ApiError(403, "forbidden", "只有用人单位和街乡工作人员可以发布岗位")
    cap = settings.JOBS_API_MAX_BODY_BYTES
    if len(request.body) > cap:
        raise ApiError(413, "too_large", f"请求体过大（不超过 {cap // 1024} KB）")
    body = request.body

    def create() -> tuple[int, Any]:
        try:
            post = post_from_json(user=user, payload=read_json_object(body))
        except FieldErrors as err:
            return 400, {"code": "invalid", "message": err.message, "errors": err.errors}
        except PayloadError as err:
            return 400, {"code": "invalid", "message": err.message, "errors": err.errors}
        except job_services.PostRefused as refused:
            findings = [f.to_dict() for f in (*refused.verdict.blocked, *refused.verdict.warnings)]
            return 422, {"code": "wording_refused", "message": "岗位描述含有不得发布的用语（N17）", "findings": findings}
        except job_services.PostError as err:
            return 400, {"code": "refused", "message": str(err), "errors": {}}
        return 201, {
            "id": post.pk, "status": post.status, "status_label": PostStatus(post.status).label,
            "url": request.build_absolute_uri(reverse("jobs:detail", args=[post.pk])),
            "findings": post.wording_findings,
        }

    return _idempotent(request, "jobs/posts", body, create)


def _idempotent(request: HttpRequest, endpoint: str, body: bytes, create: Any) -> Status[Any]:
    try:
        status, payload = services.idempotent(
            token=request.auth,  # type: ignore[attr-defined]
            key=_idempotency_key(request), endpoint=endpoint, body=body, create=create,
        )
    except services.IdempotencyConflict:
        raise ApiError(409, "idempotency_conflict", "该幂等键（Idempotency-Key）已用于内容不同的请求，请换一个键") from None
    return Status(status, payload)


# ---- applications -----------------------------------------------------------------------------


def _application_out(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk, "reference": application.reference, "subsidy_type": str(application.subsidy_type),
        "period_start": application.period_start, "period_end": application.period_end,
        "status": application.status, "status_label": application.get_status_display(),
        "claimed_amount": application.claimed_amount, "approved_amount": application.approved_amount,
        "submitted_at": application.submitted_at, "decided_at": application.decided_at,
    }


def _applicant_organisation(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not account_permissions.is_applicant(user) or user.organisation is None:
        raise ApiError(403, "forbidden", "只有申请单位（企业、人力资源服务机构）可以查询本单位的申请")
    return user.organisation


def _filed_out(application: Application) -> dict[str, Any]:
    checklist = {r.pk: number for number, r in enumerate(application.subsidy_type.requirements.all(), start=1)}
    materials = [
        {"item": checklist.get(m.requirement_id, 0), "requirement": m.requirement.name, "file_name": m.display_name,
         "pages": m.pages, "size": m.size, "sha256": m.sha256}
        for m in application.materials.select_related("requirement")
    ]
    return {**_application_out(application), "materials": materials}


def _material_items(items: str, count: int) -> list[int]:
    """``items`` names the checklist item of each file (``1,2``); empty: the files in checklist order."""
    if not items.strip():
        return list(range(1, count + 1))
    try:
        numbers = [int(part) for part in items.replace("，", ",").split(",")]
    except ValueError:
        raise ApiError(400, "invalid", "items 须为逗号分隔的材料清单序号，如 1,2") from None
    if len(numbers) != count:
        raise ApiError(400, "invalid", f"items 有 {len(numbers)} 个序号，但上传了 {count} 个文件")
    return numbers


@api.post(
    "/applications",
    response={201: ApplicationFiledOut, 400: Error, 403: Error, 409: Error, **AUTH_ERRORS},
    openapi_extra=IDEMPOTENCY_HEADER,
    summary="提交补贴申请（连同PDF材料，一次完成）", tags=["补贴申请"],
)
def application_create(
    request: HttpRequest,
    subsidy_type: str = Form(..., max_length=10, description="补贴类型，如 OP3"),  # type: ignore[type-arg]  # noqa: B008
    commitment_accepted: bool = Form(..., description="已阅读并同意承诺书（须为 true）"),  # type: ignore[type-arg]  # noqa: B008
    period: str = Form("", max_length=30, description="补贴期间 开始_结束（如 2020-01-01_2020-06-30）；OP1 必填，其他补贴不填即为规定期间"),  # type: ignore[type-arg]  # noqa: B008,E501
    items: str = Form("", max_length=200, description="每个文件所属的材料清单序号（从 1 起，逗号分隔，与 materials 一一对应）；不填则按清单顺序"),  # type: ignore[type-arg]  # noqa: B008,E501
    ineligible_reason: str = Form("", max_length=500, description="预审“不符合”仍要提交时的理由"),  # type: ignore[type-arg]  # noqa: B008
    materials: list[UploadedFile] = File(None, description="PDF 材料（可多个）"),  # type: ignore[type-arg]  # noqa: B008
) -> Any:
    """Start the draft, attach the PDFs, accept the commitment and submit — in one transaction, so
    a failure at any step files nothing. With an ``Idempotency-Key`` a retry (after a timeout or a
    lost connection) answers the first filing instead of filing twice; an organisation files one
    claim per subsidy and period (409 ``already_claimed``)."""
    user = acting_user(request)
    files = list(materials or [])
    numbers = _material_items(items, len(files))
    fingerprint = "|".join([
        subsidy_type, period, str(commitment_accepted), items, ineligible_reason,
        *(screening_services.file_sha256(f) for f in files),
    ]).encode()

    def create() -> tuple[int, Any]:
        try:
            application = services.application_file(
                user=user, policy=subsidy_type.strip().upper(), period_key=period.strip(),
                materials=list(zip(numbers, files, strict=True)), commitment_accepted=commitment_accepted,
                ineligible_reason=ineligible_reason,
            )
        except services.FilingRefused as err:
            return err.status, {"code": err.code, "message": err.message}
        return 201, _filed_out(application)

    return _idempotent(request, "applications", fingerprint, create)


@api.get(
    "/applications", response={200: list[ApplicationOut], 403: Error, **AUTH_ERRORS},
    summary="本单位的补贴申请及状态", tags=["补贴申请"],
)
@paginate(Pages)
def application_list(request: HttpRequest) -> Any:
    """The organisation's own applications, newest first."""
    return applications_of(_applicant_organisation(request)).order_by("-created_at", "-id")


@api.get(
    "/applications/{application_id}", response={200: ApplicationOut, 403: Error, 404: Error, **AUTH_ERRORS},
    summary="一件申请的状态", tags=["补贴申请"],
)
def application_detail(request: HttpRequest, application_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:  # type: ignore[type-arg]
    organisation = _applicant_organisation(request)
    application = get_object_or_404(applications_of(organisation), pk=application_id)
    if not account_permissions.can_view_application(acting_user(request), application):
        raise ApiError(404, "not_found", "没有找到该记录，或您无权查看")
    return _application_out(application)


# ---- verification -----------------------------------------------------------------------------


@api.get(
    "/verify/layoff-receipts/{number}", response={200: ReceiptOut, 404: Error, **AUTH_ERRORS},
    summary="核验《收悉证明》", tags=["核验"],
)
def receipt_verify(request: HttpRequest, number: str = Path(..., max_length=40)) -> Any:  # type: ignore[type-arg]
    """Only "真实有效" and the date, like the public page ``/layoffs/verify/``: receipt numbers are
    sequential, so more would let anyone count through firms' layoffs. Decision letters carry no
    verification number yet, so they cannot be verified here."""
    report = layoff_selectors.receipt_by_number(number[:40])
    if report is None or report.accepted_on is None:
        raise ApiError(404, "not_found", "未查到该编号的收悉证明")
    return {"valid": True, "message": "真实有效", "date": report.accepted_on}


# ---- placements -------------------------------------------------------------------------------


def _placement_out(placement: Placement) -> dict[str, Any]:
    return {
        "id": placement.pk, "agency": placement.agency.name, "enterprise": placement.enterprise.name,
        "post_title": placement.post.title, "worker_name": placement.worker_name,
        "start_date": placement.start_date, "status": placement.status,
        "status_label": placement.get_status_display(),
    }


def _placement_party(request: HttpRequest) -> Any:
    user = acting_user(request)
    if user.role not in (Role.AGENCY, Role.ENTERPRISE) or user.organisation_id is None:
        raise ApiError(403, "forbidden", "只有人力资源服务机构和重点企业可以查询和确认上岗")
    return user


@api.get(
    "/placements", response={200: list[PlacementOut], 403: Error, **AUTH_ERRORS},
    summary="本单位的上岗申报（机构申报、企业确认）", tags=["上岗确认"],
)
@paginate(Pages)
def placement_list(request: HttpRequest) -> Any:
    return placement_services.placements_for(_placement_party(request)).order_by("-id")


@api.post(
    "/placements/{placement_id}/confirm",
    response={200: PlacementOut, 400: Error, 403: Error, 404: Error, 409: Error, **AUTH_ERRORS},
    summary="确认上岗（重点企业确认机构的申报；机构申报即视为机构一方确认）", tags=["上岗确认"],
)
def placement_confirm(
    request: HttpRequest, placement_id: int = Path(..., ge=1, le=MAX_ID), data: ConfirmIn | None = None  # type: ignore[type-arg]
) -> Any:
    user = _placement_party(request)
    placement = get_object_or_404(placement_services.placements_for(user), pk=placement_id)
    if placement.status == PlacementStatus.CONFIRMED:
        return _placement_out(placement)  # confirming twice is harmless
    try:
        placement_services.placement_move(
            placement=placement, to=PlacementStatus.CONFIRMED, actor=user, comment=data.comment if data else ""
        )
    except placement_services.PlacementError as err:
        raise ApiError(409, "not_allowed", str(err)) from None
    placement.refresh_from_db()
    return _placement_out(placement)




# ---- screening runs ---------------------------------------------------------------------------

SCREENING_FILES = {"results": "result_file", "rejects": "rejects_file", "meta": "meta_file"}


def _screener(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not can_screen(user):
        raise ApiError(403, "forbidden", "只有区级审核人员和管理员可以进行主动筛查")
    return user


def _run_out(request: HttpRequest, run: ScreeningRun) -> dict[str, Any]:
    files = {}
    if run.status == RunStatus.DONE:
        files = {
            kind: request.build_absolute_uri(f"/api/v1/screening/runs/{run.pk}/files/{kind}") for kind in SCREENING_FILES
        }
    return {
        "id": run.pk, "status": run.status, "status_label": run.get_status_display(), "input_name": run.input_name,
        "input_sha256": run.input_sha256, "decision_date": run.decision_date, "variant": run.variant,
        "overrides": run.overrides, "progress": run.progress, "rows_done": run.rows_done, "rows_total": run.rows_total,
        "counts": run.counts, "error": run.error, "files": files, "created_at": run.created_at,
        "finished_at": run.finished_at,
    }


@api.post(
    "/screening/runs",
    response={202: ScreeningRunOut, 400: Error, 403: Error, 409: Error, **AUTH_ERRORS},
    openapi_extra=IDEMPOTENCY_HEADER,
    summary="提交主动筛查（上传登记数据文件）", tags=["主动筛查"],
)
def screening_submit(
    request: HttpRequest,
    file: UploadedFile = File(..., description="登记数据（CSV、Parquet 或 XLSX，按登记数据约定）"),  # type: ignore[type-arg]  # noqa: B008
    decision_date: dt.date | None = Form(None, description="判定日期（默认 2020-05-01）"),  # type: ignore[type-arg]  # noqa: B008
    variant: str = Form("baseline", max_length=50, description="解读方案"),  # type: ignore[type-arg]  # noqa: B008
    overrides: str = Form("", max_length=2000, description="参数调整（模拟）：每行一个 NAME=VALUE"),  # type: ignore[type-arg]  # noqa: B008
) -> Any:
    """Answers 202 at once; poll the run for progress. The run is screened in the background."""
    user = _screener(request)
    on = decision_date or DEFAULT_ON
    lines = [line.strip() for line in overrides.splitlines() if line.strip()]
    fingerprint = "|".join([screening_services.file_sha256(file), on.isoformat(), variant, *lines]).encode()

    def create() -> tuple[int, Any]:
        try:
            run = screening_services.run_submit(user=user, upload=file, decision_date=on, variant=variant, overrides=lines)
        except screening_services.RunError as err:
            return 400, {"code": "invalid", "message": str(err)}
        return 202, _run_out(request, run)

    result = _idempotent(request, "screening/runs", fingerprint, create)
    return result


@api.get(
    "/screening/runs/{run_id}", response={200: ScreeningRunOut, 403: Error, 404: Error, **AUTH_ERRORS},
    summary="筛查进度和统计", tags=["主动筛查"],
)
def screening_detail(request: HttpRequest, run_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:  # type: ignore[type-arg]
    _screener(request)
    return _run_out(request, get_object_or_404(ScreeningRun, pk=run_id))


@api.get(
    "/screening/runs/{run_id}/files/{kind}",
    response={403: Error, 404: Error, 409: Error, **AUTH_ERRORS},
    openapi_extra={"responses": {200: {"description": "文件（CSV 或 JSON）", "content": {
        "text/csv": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {"type": "object"}},
    }}}},
    summary="下载筛查结果、拒收记录或参数说明", tags=["主动筛查"],
)
def screening_file(
    request: HttpRequest,
    run_id: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]
    kind: Literal["results", "rejects", "meta"] = Path(...),  # type: ignore[type-arg]
) -> Any:
    _screener(request)
    run = get_object_or_404(ScreeningRun, pk=run_id)
    if run.status != RunStatus.DONE:
        raise ApiError(409, "not_ready", "筛查尚未完成，请稍后再下载")
    field = getattr(run, SCREENING_FILES[kind])
    content_type = "application/json" if kind == "meta" else "text/csv; charset=utf-8"
    filename = FilePath(field.name).name
    return FileResponse(field.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
