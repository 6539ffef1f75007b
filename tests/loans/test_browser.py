"""N16 in the browser: an infected borrower asks for a six-month extension with a PDF certificate, the
bank confirms, and the borrower's schedule shows the new due date and six more subsidised months."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import pdf_bytes

from ..browser import PHONE, restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


page = tab_fixture(PHONE)


def test_an_infected_borrower_extends_and_the_schedule_follows(loan, borrower, bank, tmp_path, page):
    certificate = tmp_path / "诊断证明.pdf"
    certificate.write_bytes(pdf_bytes())
    sign_in(page, "daikuan")
    page.get_by_role("link", name="创业担保贷款").click()
    page.get_by_role("link", name="CY2019-0001").click()
    page.get_by_label("申请展期（月）").fill("6")
    page.get_by_label("本人患新型冠状病毒感染肺炎").check()
    page.get_by_label("感染证明材料（PDF）").set_input_files(str(certificate))
    page.get_by_role("button", name="提交展期申请").click()
    # the page may still be parsing when the click returns: wait for its text, not its first bytes
    expect(page.locator("main")).to_contain_text("¥4,350.00")
    assert "展期期间贴息合计：¥8,700.00" not in page.content()  # six months, not twelve
    sign_out(page)

    sign_in(page, "yinhang")
    page.get_by_role("link", name="贷款展期确认").click()
    # the reference follows the row's id, which PostgreSQL's sequences do not reset between tests
    page.get_by_role("link", name=re.compile(r"^ZQ\d{6}$")).click()
    page.get_by_role("button", name="确认展期").click()
    page.get_by_role("button", name="确认展期").click()
    expect(page.locator("dl.facts-list")).to_contain_text("已展期")
    sign_out(page)

    sign_in(page, "daikuan")
    page.goto(f"/loans/{loan.pk}/")
    expect(page.locator("dl.facts-list")).to_contain_text("已展期 6 个月")
    facts = page.locator("dl.facts-list").inner_text()
    assert "2021-01-01" in facts and "已展期 6 个月" in facts
    assert page.locator("tr.loans-schedule__extended").count() == 6
    assert "其中展期期间 ¥4,350.00" in page.locator("#schedule-title + p").inner_text()
