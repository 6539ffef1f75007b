"""The placement list: filters in the URL and the Excel export, with ID numbers masked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import id_number

from .conftest import declare

pytestmark = pytest.mark.django_db

LIST = reverse("placements:list")
EXPORT = reverse("placements:export")


@pytest.fixture
def placed(agency_user, rival_agency_user, wumei_post, jingkelong_post):
    return [
        declare(agency_user, wumei_post, 1, day=dt.date(2020, 3, 2)),
        declare(agency_user, jingkelong_post, 2, day=dt.date(2020, 3, 20)),
        declare(rival_agency_user, wumei_post, 3, day=dt.date(2020, 4, 1)),
    ]


def workers(client, **params) -> list[str]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True))


def test_each_side_exports_only_its_own_placements(client, placed, agency_user, rival_agency_user, wumei_user) -> None:
    client.force_login(agency_user)
    assert workers(client) == ["工人1", "工人2"]
    client.force_login(rival_agency_user)
    assert workers(client) == ["工人3"]
    client.force_login(wumei_user)
    assert workers(client) == ["工人1", "工人3"]
    assert workers(client, q="京客隆") == ["工人1", "工人3"]  # an enterprise cannot widen its list


def test_staff_filter_by_date_status_and_enterprise(client, placed, public_service, wumei_user) -> None:
    client.force_login(public_service)
    assert workers(client) == ["工人1", "工人2", "工人3"]
    assert workers(client, date_from="2020-03-10", date_to="2020-03-31") == ["工人2"]
    assert workers(client, q="京客隆") == ["工人2"]
    assert workers(client, status="confirmed") == []
    page = client.get(LIST, {"q": "京客隆"}).content.decode()
    assert "共 <strong>1</strong> 条符合筛选条件的记录" in page
    assert f'href="{EXPORT}?q=%E4%BA%AC%E5%AE%A2%E9%9A%86"' in page


def test_id_numbers_are_masked_and_dates_are_dates(client, placed, public_service) -> None:
    client.force_login(public_service)
    sheet = load_workbook(io.BytesIO(client.get(EXPORT, {"q": "京客隆"}).content)).active
    assert [c.value for c in sheet[1]] == [
        "劳动者姓名",
        "居民身份证号码",
        "人力资源服务机构",
        "重点企业",
        "重点企业所属街乡",
        "岗位",
        "上岗日期",
        "状态",
        "申报时间",
    ]
    row = [c.value for c in sheet[2]]
    full = id_number(2)
    assert row[1] == full[:6] + "********" + full[-4:]
    assert full not in str(row)
    assert row[2:4] == ["北京朝阳人力资源服务有限公司", "北京京客隆商业集团股份有限公司"]
    assert row[6] == dt.datetime(2020, 3, 20) and sheet["G2"].number_format == "yyyy-mm-dd"
    assert row[7] == "待重点企业确认"


def test_those_without_a_part_may_not_export(client, placed, other_reviewer) -> None:
    assert client.get(EXPORT).status_code == 302
    client.force_login(other_reviewer)
    assert client.get(EXPORT).status_code == 403
