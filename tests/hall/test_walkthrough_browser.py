"""The service hall's walk-through in a real browser, as the issue describes it.

An enterprise signs in, runs the pre-check for OP3, applies with a PDF and the commitment; the
district reviewer accepts it with a missing item (容缺); the enterprise supplies it; the reviewer
approves; the enterprise sees the approved amount and downloads the decision letter; another
enterprise is refused the application's pages. Everything goes through the UI of a live server
on the test database, loaded with the demo data (``load_demo``) on the demo date 2020-06-01.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from tests.factories import pdf_bytes
from wengang.policy import explain
from wengang.registry.models import Organisation

from .. import browser
from ..browser import chromium_tab, restore_the_database  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TODAY = "2020-06-01"
PASSWORD = "wengang-demo-2020"
# 智图 (qiye): 2020 Jan–Apr average 48 payers against 40 in 2019, growth 20 % → 50 % of the
# 160,600.00 yuan paid Feb–Apr (OP3.2)
APPROVED = "80,300.00 元"
MISSING = "2020年4月社会保险费缴费凭证（银行盖章页）"




@pytest.fixture
def demo(demo_world) -> Decimal:
    """The demo world on the demo date (``load_demo``'s rows, copied from the process's snapshot:
    ``tests/demo_world.py``); returns what the engine grants 智图 (qiye) for OP3."""
    assert demo_world.day == TODAY and demo_world.password == PASSWORD
    firm = Organisation.objects.get(users__username="qiye")
    result = explain({**firm.engine_facts(), "kind": "enterprise"}, dt.date.fromisoformat(TODAY)).result("OP3")
    assert result.status == "eligible" and result.amount is not None
    return result.amount


@pytest.fixture
def page(live_server):
    """A Chromium page on the live server, closed before the test database is flushed.

    The test makes no database calls while Playwright runs: its sync API runs an event loop
    in this thread, under which Django refuses them (and would open a connection it never
    closes)."""
    with chromium_tab(live_server.url) as tab:
        yield tab


def pdf(title: str, pages: int = 1) -> bytes:
    """A real (blank, unencrypted) PDF; the title makes each file's bytes, and checksum, its own."""
    return pdf_bytes(pages, title=title)


def sign_in(page, username: str) -> None:
    browser.sign_in(page, username, PASSWORD)
    assert "我的办事" in page.locator("h1").inner_text()


def sign_out(page) -> None:
    browser.sign_out(page)
    assert "您已安全退出" in page.locator(".messages").inner_text()


def message(page) -> str:
    return page.locator(".messages").inner_text()


def open_from_my_applications(page, reference: str) -> None:
    page.get_by_role("link", name="我的申请").click()
    page.get_by_role("link", name=reference).click()


def open_from_the_queue(page, reference: str) -> None:
    page.get_by_role("link", name="审核工作台").click()
    page.get_by_role("link", name=reference).click()
    assert reference in page.locator("h1").inner_text()


def test_an_enterprise_applies_for_op3_and_gets_the_decision_letter(demo, page, tmp_path) -> None:
    assert f"{demo:,.2f} 元" == APPROVED
    receipts = tmp_path / "缴费凭证.pdf"
    receipts.write_bytes(pdf("2020年2–4月缴费凭证", pages=3))
    stamped = tmp_path / "盖章页.pdf"
    stamped.write_bytes(pdf("2020年4月缴费凭证盖章页"))

    # the enterprise: pre-check, application with a PDF and the commitment, submission
    sign_in(page, "qiye")
    page.get_by_role("link", name="我的申请").click()
    page.get_by_role("row").filter(has_text="一次性社会保险补贴").get_by_role("link", name="申请").click()
    precheck = page.locator("#precheck")
    assert f"预审金额：{APPROVED}" in precheck.inner_text()
    conditions = precheck.locator("li.condition")
    assert conditions.count() >= 4
    texts = conditions.all_inner_texts()
    for clause in ("[OP3.1(1)]", "[OP3.1(2)]", "[OP3.1(3)]"):
        assert any(clause in t and t.startswith("符合") for t in texts), clause
    page.get_by_role("button", name="开始填写申请").click()
    page.wait_for_url("**/edit/")
    item = page.locator("article.material").filter(has_text="社会保险费缴费凭证")
    item.get_by_label("上传“社会保险费缴费凭证”（PDF）").set_input_files(receipts)
    item.get_by_role("button", name="上传", exact=True).click()
    assert "已上传：北京智图云联科技有限公司+社会保险费缴费凭证.pdf（3 页）" in message(page)
    page.get_by_label("本单位已阅读并同意以上承诺").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/hall/apply/*/")
    assert "申请已提交" in message(page)
    reference = page.locator("h1").inner_text().split()[1]
    detail_path = urlsplit(page.url).path
    assert "已提交" in page.locator(".status-line").inner_text()
    assert f"预审金额{APPROVED}" in page.locator(".facts-list").inner_text().replace("\n", "").replace("\t", "")
    sign_out(page)

    # the district reviewer accepts it with a missing item (容缺)
    sign_in(page, "shenhe")
    open_from_the_queue(page, reference)
    page.get_by_label("其他需补正的事项（每行一项）").fill(MISSING)
    page.get_by_role("button", name="容缺受理").click()
    assert "已容缺受理，1 项待补正" in message(page)
    assert "容缺受理（待补正）" in page.locator(".status-line").inner_text()
    assert MISSING in page.get_by_role("region", name="容缺事项").inner_text()
    sign_out(page)

    # the enterprise sees the deficiency and supplies it
    sign_in(page, "qiye")
    open_from_my_applications(page, reference)
    notices = page.get_by_role("region", name="本申请的消息").inner_text()
    assert f"{reference} 一次性社会保险补贴：容缺受理（待补正）" in notices
    deficiency = page.locator("li.deficiency").filter(has_text=MISSING)
    assert "待补正" in deficiency.inner_text()
    deficiency.get_by_label("材料类别").select_option(label="社会保险费缴费凭证")
    deficiency.get_by_label("上传补正材料（PDF）").set_input_files(stamped)
    deficiency.get_by_role("button", name="提交补正材料").click()
    assert "容缺事项已全部补正，申请进入区级审核" in message(page)
    assert "区级审核中" in page.locator(".status-line").inner_text()
    assert "已补正" in deficiency.inner_text()
    sign_out(page)

    # the reviewer approves
    sign_in(page, "shenhe")
    open_from_the_queue(page, reference)
    page.locator("form.action").filter(has_text="审核通过").get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="确认审核通过").click()
    assert f"审核通过，核定金额 {APPROVED}" in message(page)
    sign_out(page)

    # the enterprise sees the approved amount and downloads the decision letter
    sign_in(page, "qiye")
    open_from_my_applications(page, reference)
    assert "审核通过" in page.locator(".status-line").inner_text()
    assert f"核定金额：{APPROVED}" in page.locator(".decision").inner_text()
    href = page.get_by_role("link", name="下载审核决定书（PDF）").get_attribute("href")
    assert href is not None
    letter = page.context.request.get(href)
    assert letter.status == 200
    assert letter.headers["content-type"] == "application/pdf"
    body = letter.body()
    assert body.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert reference in text
    assert APPROVED in text
    sign_out(page)

    # another enterprise is refused the application's pages
    sign_in(page, "qiye2")
    assert page.goto(detail_path).status == 404
    assert page.goto(href).status == 404
    assert page.context.request.get(href).status == 404
    page.screenshot(path=str(tmp_path / "walkthrough.png"), full_page=True)
    assert [m for m in page.console if "Content Security Policy" in m] == []
