"""Request and response bodies of the public API (Pydantic, via django-ninja)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field


class Error(Schema):
    code: str = Field(description="错误代码（英文，供程序判断）")
    message: str = Field(description="中文说明")


class FieldErrors(Error):
    errors: dict[str, list[str]] = Field(default_factory=dict, description="逐字段的中文说明")


class Finding(Schema):
    """One N17 wording finding."""

    model_config = {"extra": "allow"}


class RefusedPost(Error):
    findings: list[dict[str, Any]] = Field(default_factory=list, description="N17 用语检查发现的问题")


class JobPostIn(Schema):
    """A vacancy. Street staff add ``organisation``: the employer's unified social credit code."""

    title: str = Field(max_length=100, description="岗位名称")
    description: str = Field(description="岗位描述（经 N17 用语检查）")
    openings: int = Field(ge=1, description="招聘人数")
    pay_min: Decimal = Field(description="月薪下限（元）")
    pay_max: Decimal = Field(description="月薪上限（元）")
    workplace: str = Field(max_length=200, description="工作地点")
    street: str | int = Field(description="工作地所属街乡（名称或编号）")
    industry_code: str = Field("", max_length=5, description="行业代码，可不填")
    schedule: str = Field(max_length=100, description="工作时间")
    contact_name: str = Field(max_length=50, description="联系人")
    contact_phone: str = Field(max_length=30, description="联系电话")
    deadline: dt.date = Field(description="截止日期")
    urgent: bool = Field(False, description="急聘（仅重点企业）")
    internship: bool = Field(False, description="见习岗位")
    organisation: str | None = Field(None, description="街乡代发时：用人单位统一社会信用代码")


class JobPostOut(Schema):
    id: int
    status: str = Field(description="draft/moderation/published…")
    status_label: str
    url: str
    findings: list[dict[str, Any]] = Field(description="N17 用语检查的提示（需人工审核的用语）")


class ApplicationOut(Schema):
    id: int
    reference: str
    subsidy_type: str
    period_start: dt.date
    period_end: dt.date
    status: str
    status_label: str
    claimed_amount: Decimal | None
    approved_amount: Decimal | None
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None

    # lists hand over querysets (the page is sliced in the database); these read a model row
    @staticmethod
    def resolve_subsidy_type(obj: Any) -> str:
        return obj["subsidy_type"] if isinstance(obj, dict) else str(obj.subsidy_type)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj["status_label"] if isinstance(obj, dict) else obj.get_status_display())


class MaterialOut(Schema):
    item: int = Field(description="材料清单序号（从 1 起）")
    requirement: str = Field(description="材料名称")
    file_name: str = Field(description="规范文件名（单位名称+材料名称.pdf）")
    pages: int
    size: int = Field(description="字节数")
    sha256: str


class ApplicationFiledOut(ApplicationOut):
    materials: list[MaterialOut] = Field(description="已接收的材料")


class ReceiptOut(Schema):
    valid: bool = Field(description="真实有效")
    message: str
    date: dt.date = Field(description="出具日期")


class PlacementOut(Schema):
    id: int
    agency: str
    enterprise: str
    post_title: str
    worker_name: str
    start_date: dt.date
    status: str
    status_label: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj["agency"] if isinstance(obj, dict) else obj.agency.name)

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return str(obj["enterprise"] if isinstance(obj, dict) else obj.enterprise.name)

    @staticmethod
    def resolve_post_title(obj: Any) -> str:
        return str(obj["post_title"] if isinstance(obj, dict) else obj.post.title)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj["status_label"] if isinstance(obj, dict) else obj.get_status_display())


class ConfirmIn(Schema):
    comment: str = Field("", max_length=300, description="说明（可不填）")


class ScreeningRunOut(Schema):
    id: int
    status: str = Field(description="queued/running/done/failed")
    status_label: str
    input_name: str
    input_sha256: str
    decision_date: dt.date
    variant: str
    overrides: dict[str, str]
    progress: float = Field(description="0–1")
    rows_done: int
    rows_total: int | None
    counts: dict[str, Any] = Field(description="行数、受理数、各政策符合人数/待定数/金额")
    error: str
    files: dict[str, str] = Field(description="完成后可下载的文件（results/rejects/meta）的地址")
    created_at: dt.datetime
    finished_at: dt.datetime | None
