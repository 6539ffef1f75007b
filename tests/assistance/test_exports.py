"""导出 Excel of the street office's 就业援助 lists: its street only, the list's status, ID numbers
masked, money as 2-decimal numbers, typed text never a live formula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.asserts import xlsx_rows as rows
from tests.asserts import xlsx_sheet as sheet
from tests.factories import pdf_upload, street
from wengang.assistance import services

from .conftest import certify

pytestmark = pytest.mark.django_db


def url(which: str, status: str = "") -> str:
    return reverse("assistance:export", args=[which]) + (f"?status={status}" if status else "")


@pytest.fixture
def wangjing_person(other_person, wangjing_office, older):
    cert = services.certification_create(
        person=other_person, street=street("望京"), category=older, beijing_hukou=True, not_employed=True, wishes="收银"
    )
    services.evidence_attach(certification=cert, upload=pdf_upload("证明.pdf"), user=other_person)
    services.certification_submit(certification=cert, user=other_person)
    return cert


def test_the_street_exports_its_own_certifications_with_masked_id_numbers(
    client, certified, wangjing_person, sunhe_office
):
    client.force_login(sunhe_office)
    table = rows(client.get(url("certifications")))
    assert table[0][:4] == ("申请人", "身份证号码", "认定类别", "所属街乡")
    assert len(table) == 2
    name, masked, category, office, hukou, wishes, submitted, status, decided, refusal = table[1]
    assert (name, category, office, hukou, wishes, status) == ("张建国", "大龄失业人员", "孙河", "是", "保洁", "已认定")
    assert masked == certified.person.id_number[:6] + "********" + certified.person.id_number[-4:]
    assert decided == dt.datetime(2020, 6, 1)


def test_another_street_sees_only_its_own_and_the_status_narrows_the_list(
    client, certified, wangjing_person, wangjing_office
):
    client.force_login(wangjing_office)
    assert [r[0] for r in rows(client.get(url("certifications")))[1:]] == ["李秀英"]
    assert rows(client.get(url("certifications", "certified")))[1:] == []
    assert [r[7] for r in rows(client.get(url("certifications", "submitted")))[1:]] == ["已提交，待街乡确认"]


def test_an_unknown_status_exports_every_status_and_an_unknown_list_is_404(client, certified, sunhe_office):
    client.force_login(sunhe_office)
    assert len(rows(client.get(url("certifications", "'; drop table")))) == 2
    assert client.get(url("certifications", "%00")).status_code == 400  # NUL bytes: refused, never a 500
    assert client.get("/assistance/export/nothing.xlsx").status_code == 404


def test_the_administrator_exports_every_street(client, certified, wangjing_person, admin_user):
    client.force_login(admin_user)
    assert sorted(r[3] for r in rows(client.get(url("certifications")))[1:]) == ["孙河", "望京"]


def test_individuals_and_firms_may_not_export(client, person, firm_user, certified):
    for user in (person, firm_user):
        client.force_login(user)
        assert client.get(url("certifications")).status_code == 403
    client.logout()
    assert client.get(url("claims")).status_code == 302


def test_monthly_claims_are_exported_with_money_as_two_decimal_numbers(client, person, certified, sunhe_office):
    services.claim_create(person=person, month=dt.date(2020, 6, 1), paid=Decimal("1000.00"), flexible_employed=True)
    client.force_login(sunhe_office)
    ws = sheet(client.get(url("claims", "submitted")))
    assert [c.value for c in ws[1]][3:6] == ["缴费月份", "当月实际缴纳社会保险费（元）", "补贴金额（元）"]
    assert ws["D2"].value == "2020年6月"
    assert ws["E2"].value == 1000 and ws["E2"].number_format == "#,##0.00"
    assert ws["F2"].value == pytest.approx(666.67) and ws["F2"].data_type == "n"
    assert ws["H2"].value == "已申领，待审核"
    assert ws.max_row == 2
    assert sheet(client.get(url("claims", "approved"))).max_row == 1


def test_placements_are_exported_for_the_posts_of_the_street(client, certified, post, sunhe_office, wangjing_office):
    services.placement_create(
        post=post, certification=certified, start=dt.date(2020, 6, 1), end=dt.date(2021, 5, 31), user=sunhe_office
    )
    client.force_login(sunhe_office)
    table = rows(client.get(url("placements")))
    assert table[1][:3] == ("社区保洁员", "孙河", "张建国")
    assert table[1][4] == 2200 and table[1][7] == "在岗"
    client.force_login(wangjing_office)
    assert rows(client.get(url("placements")))[1:] == []


def test_typed_text_that_looks_like_a_formula_is_written_as_text(client, person, sunhe_office, older):
    cert = certify(person, sunhe_office, older, wishes='=HYPERLINK("http://example.com","点我")')
    client.force_login(sunhe_office)
    cell = sheet(client.get(url("certifications")))["F2"]
    assert cell.value == cert.wishes and cell.data_type == "s" and cell.quotePrefix


def test_the_office_page_offers_the_exports(client, certified, sunhe_office):
    client.force_login(sunhe_office)
    page = client.get(reverse("assistance:index")).content.decode()
    for href in ("/assistance/export/certifications.xlsx?status=submitted", "/assistance/export/claims.xlsx"):
        assert f'href="{href}"' in page
    assert "导出安置人员（Excel）" in page
