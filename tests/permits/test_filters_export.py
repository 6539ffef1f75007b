"""The permit list: filters in the URL with a count and an empty state; the Excel export of what is shown."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wengang.permits.models import PermitCase, Status
from wengang.registry.models import Street

LIST = reverse("permits:list")
EXPORT = reverse("permits:export")


def case(org, permit_type, *, ref: str, status: str, day: dt.date, **extra) -> PermitCase:
    made = PermitCase.objects.create(reference=ref, organisation=org, permit_type=permit_type, status=status, **extra)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    PermitCase.objects.filter(pk=made.pk).update(submitted_at=at)
    made.refresh_from_db()
    return made


@pytest.fixture
def cases(acme, rival, dispatch_new, comprehensive):
    acme.street = Street.objects.get(name="望京")
    acme.save()
    return [
        case(acme, dispatch_new, ref="XK202000001", status=Status.SUBMITTED, day=dt.date(2020, 3, 2)),
        case(
            acme,
            comprehensive,
            ref="XK202000002",
            status=Status.APPROVED,
            day=dt.date(2020, 3, 9),
            permit_number="京朝人社工时〔2020〕第3号",
            valid_from=dt.date(2020, 3, 20),
            valid_to=dt.date(2021, 3, 19),
            decided_on=dt.date(2020, 3, 19),
        ),
        case(
            rival,
            dispatch_new,
            ref="XK202000003",
            status=Status.REJECTED,
            day=dt.date(2020, 3, 16),
            rejection_reason="-1 材料不全",
        ),
    ]


def references(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    if url == EXPORT:
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    page = response.content.decode()
    return [c.reference for c in PermitCase.objects.order_by("reference") if c.reference in page]


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_staff_filter_by_status_dates_street_and_name(client, officer, cases, url) -> None:
    client.force_login(officer)
    assert references(client, url) == ["XK202000001", "XK202000002", "XK202000003"]
    assert references(client, url, status="approved") == ["XK202000002"]
    assert references(client, url, date_from="2020-03-05", date_to="2020-03-16") == ["XK202000002", "XK202000003"]
    assert references(client, url, street=Street.objects.get(name="望京").pk) == ["XK202000001", "XK202000002"]
    assert references(client, url, q="丙丁") == ["XK202000003"]


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_an_applicant_sees_and_exports_only_its_own_cases(client, owner, outsider, cases, url) -> None:
    client.force_login(owner)
    assert references(client, url) == ["XK202000001", "XK202000002"]
    assert references(client, url, q="丙丁") == ["XK202000001", "XK202000002"]  # no name filter for applicants
    client.force_login(outsider)
    assert references(client, url) == ["XK202000003"]


def test_the_count_and_the_empty_state(client, officer, cases) -> None:
    client.force_login(officer)
    assert "共 <strong>3</strong> 条记录" in client.get(LIST).content.decode()
    page = client.get(LIST, {"status": "collected"}).content.decode()
    assert "共 <strong>0</strong> 条符合筛选条件的记录" in page and "没有符合筛选条件的案件" in page
    assert f'href="{EXPORT}?status=collected"' in page


def test_other_departments_may_not_list_or_export(client, other_reviewer, cases) -> None:
    client.force_login(other_reviewer)
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_the_export_writes_dates_as_dates_and_text_safely(client, officer, cases) -> None:
    client.force_login(officer)
    response = client.get(EXPORT)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == [
        "案件编号",
        "申请单位",
        "统一社会信用代码",
        "所属街乡",
        "申请事项",
        "提交方式",
        "提交时间",
        "状态",
        "实地核查日期",
        "许可证编号",
        "有效期自",
        "有效期至",
        "决定日期",
        "不予许可理由",
    ]
    approved = [c.value for c in sheet[3]]
    assert approved[:8] == [
        "XK202000002",
        "北京甲乙人力资源有限公司",
        cases[1].organisation.uscc,
        "望京",
        "综合计算工时工作制审批",
        "网上申请",
        dt.datetime(2020, 3, 9, 10, 30),
        "准予许可",
    ]
    assert approved[9:13] == [
        "京朝人社工时〔2020〕第3号",
        dt.datetime(2020, 3, 20),
        dt.datetime(2021, 3, 19),
        dt.datetime(2020, 3, 19),
    ]
    assert sheet["G3"].number_format == "yyyy-mm-dd hh:mm" and sheet["K3"].number_format == "yyyy-mm-dd"
    reason = sheet["N4"]
    assert reason.value == "-1 材料不全" and reason.data_type == "s" and reason.quotePrefix
