"""Done-when (c) of issue 15: an employer offers, the graduate accepts, the school confirms — each in
the browser — and the signed agreement's PDF verifies on the public page by its 文号 and 核验码."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ..browser import DESKTOP, restore_the_database, sign_in, sign_out, tab_fixture, verify_document  # noqa: F401
from .conftest import GRADUATE_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


page = tab_fixture(DESKTOP)


def test_three_parties_sign_online_and_the_agreement_verifies_publicly(employer, graduate, school, university, page):
    sign_in(page, "hr")
    page.goto("/graduates/offer/")
    page.get_by_label("毕业生姓名").fill("林晓")
    page.get_by_label("毕业生身份证号码").fill(GRADUATE_ID)
    page.get_by_label("毕业院校").select_option(label="北京京华大学")
    page.get_by_label("专业").fill("计算机科学与技术")
    page.get_by_label("岗位").fill("软件工程师")
    page.get_by_label("工作地点").fill("北京市朝阳区")
    page.get_by_label("月薪（元）").fill("9500")
    page.get_by_label("报到日期").fill("2020-07-15")
    page.get_by_role("button", name="发出录用").click()
    page.wait_for_url(re.compile(r"/graduates/\d+/$"))
    assert "待毕业生确认" in page.content()
    sign_out(page)

    sign_in(page, "biye")
    page.get_by_role("link", name="毕业生就业协议（不见面签约）").click()
    page.get_by_role("link", name=re.compile(r"XY\d{6}")).click()
    assert GRADUATE_ID not in page.content()
    page.get_by_role("button", name="确认接受录用").click()
    expect(page.locator("body")).to_contain_text("您将接受北京智图科技有限公司的录用")
    page.get_by_role("button", name="确认接受录用").click()
    assert "待学校确认" in page.locator("dl.facts-list").inner_text()
    sign_out(page)

    sign_in(page, "school")
    page.goto("/graduates/")
    page.get_by_role("link", name=re.compile(r"XY\d{6}")).click()
    page.get_by_role("button", name="确认三方协议").click()
    page.get_by_role("button", name="确认三方协议").click()
    expect(page.locator("body")).to_contain_text("三方协议已签订")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载协议书（PDF）").click()
    data = Path(download.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace(" ", "")
    assert "朝毕协〔2020〕第0001号" in text and GRADUATE_ID not in text
    code = re.search(r"核验码：([A-Z2-9]{4}-[A-Z2-9]{4})", text)
    assert code, text
    sign_out(page)

    result = verify_document(page, "朝毕协(2020)第1号", code[1].lower())
    assert "核验通过" in result and "毕业生就业协议书（三方协议）" in result and "2020年6月1日" in result
    assert "林晓" not in page.content()
    page.screenshot(path="/tmp/wip/h15c-shots/verify-agreement.png", full_page=True)
