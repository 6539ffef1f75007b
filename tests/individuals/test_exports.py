"""导出 Excel of the street office's 失业登记 and 失业保险金 lists: its street only, what the
workbench shows unless a status is asked for, ID numbers masked, money as 2-decimal numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.asserts import xlsx_rows as rows
from tests.asserts import xlsx_sheet as sheet
from tests.factories import id_number, make_user, street
from wengang.accounts.models import Role
from wengang.individuals import services
from wengang.individuals.models import ClaimStatus
from wengang.individuals.workflow import claim_transition

from .conftest import PERSON_ID
from .test_benefit import registered

pytestmark = pytest.mark.django_db


def url(which: str, status: str = "") -> str:
    return reverse("individuals:queue_export", args=[which]) + (f"?status={status}" if status else "")


@pytest.fixture
def wangjing_person(db):
    person = make_user(
        "13800000002", Role.INDIVIDUAL, first_name="钱望京", id_number=id_number(502, "19880101"), street=street("望京")
    )
    return services.registration_file(
        person=person,
        last_employer="=cmd|' /C calc'!A0",
        separation_date=dt.date(2020, 5, 15),
        separation_reason="dismissed",
        job_wishes="仓储",
    )


def test_the_workbench_export_lists_the_registrations_waiting_on_its_street(client, person, office, wangjing_person):
    services.registration_file(
        person=person,
        last_employer="北京旧单位有限公司",
        separation_date=dt.date(2020, 4, 30),
        separation_reason="dismissed",
        job_wishes="收银员",
    )
    client.force_login(office)
    table = rows(client.get(url("registrations")))
    assert table[0][:4] == ("编号", "登记人", "身份证号码", "所属街乡")
    assert len(table) == 2
    row = table[1]
    assert row[1:5] == ("赵失业", PERSON_ID[:6] + "********" + PERSON_ID[-4:], "孙河", "北京旧单位有限公司")
    assert row[5] == dt.datetime(2020, 4, 30)
    assert (row[9], row[10]) == ("容缺，待补交", "待街乡确认")


def test_another_street_sees_only_its_own_and_formulas_stay_text(client, person, office, other_office, wangjing_person):
    registered(person, office)
    client.force_login(other_office)
    ws = sheet(client.get(url("registrations", "all")))
    assert ws.max_row == 2 and ws["B2"].value == "钱望京"
    assert ws["E2"].value == "=cmd|' /C calc'!A0" and ws["E2"].data_type == "s" and ws["E2"].quotePrefix


def test_all_and_one_status_widen_or_narrow_the_list(client, person, office):
    registered(person, office)
    client.force_login(office)
    assert len(rows(client.get(url("registrations")))) == 1  # nothing waits: the confirmed one is not shown
    assert [r[10] for r in rows(client.get(url("registrations", "all")))[1:]] == ["已登记失业"]
    assert [r[10] for r in rows(client.get(url("registrations", "registered")))[1:]] == ["已登记失业"]
    assert len(rows(client.get(url("registrations", "returned")))) == 1


def test_claims_and_payments_are_exported_with_their_amounts(client, person, office, other_office, settings):
    registered(person, office)
    claim = services.claim_file(person=person, contribution_years=Decimal("3"))
    claim_transition(claim=claim, to=ClaimStatus.APPROVED, actor=office)
    settings.WENGANG_TODAY = "2020-07-10"
    services.payment_pay(claim=claim, actor=office)
    client.force_login(office)
    ws = sheet(client.get(url("claims")))
    assert [c.value for c in ws[2]][1:8] == [
        "赵失业",
        ws["C2"].value,
        "孙河",
        dt.datetime(2020, 6, 1),
        "3.0年",
        "已核准，按月发放",
        12,
    ]
    assert ws["C2"].value == PERSON_ID[:6] + "********" + PERSON_ID[-4:]
    assert (ws["I2"].value, ws["J2"].value, ws["K2"].value) == (1788, 21456, "是")
    assert ws["I2"].number_format == "#,##0.00" and ws["I2"].data_type == "n"
    payments = rows(client.get(url("payments")))
    assert len(payments) == 13
    assert payments[1][4:] == ("2020年7月", 1788, "已发放", dt.datetime(2020, 7, 10))
    assert payments[2][4:7] == ("2020年8月", 1788, "待发放")
    assert len(rows(client.get(url("payments", "paid")))) == 2
    client.force_login(other_office)
    assert len(rows(client.get(url("claims", "all")))) == 1
    assert len(rows(client.get(url("payments")))) == 1


def test_only_street_offices_and_administrators_may_export(client, person, firm_user):
    for user in (person, firm_user):
        client.force_login(user)
        assert client.get(url("claims")).status_code == 403
    client.force_login(make_user("root", Role.ADMIN))
    assert client.get(url("claims")).status_code == 200
    assert client.get("/individuals/queue/nothing.xlsx").status_code == 404


def test_the_workbench_offers_the_exports(client, office):
    client.force_login(office)
    page = client.get(reverse("individuals:queue")).content.decode()
    for which in ("registrations", "claims", "payments"):
        assert f'href="/individuals/queue/{which}.xlsx' in page
