"""Issue 12 in a real browser: the 待办 landing page, the reviewer's queue, the 不符合 guard rail.

On the demo world (``load_demo``) on the demo date 2020-06-01, through a live server; screenshots
of the workbench at 1366 and 375 px go to ``WENGANG_SCREENSHOTS`` when that is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wengang.subsidies.models import Application, Deficiency, Status

from . import test_walkthrough_browser as walkthrough

# the walk-through's fixtures (the demo world, a Chromium page, the database put back) and helpers
demo = walkthrough.demo
page = walkthrough.page
restore_the_database = walkthrough.restore_the_database
pdf = walkthrough.pdf
sign_in = walkthrough.sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shoot(tab, name: str) -> None:
    where = os.environ.get("WENGANG_SCREENSHOTS")
    if not where:
        return
    for width in (1366, 375):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=str(Path(where) / f"{name}-{width}.png"), full_page=True)
    tab.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def world(demo) -> dict:
    """What the tests look for, read before the browser starts (no database calls under Playwright)."""
    deficient = Application.objects.get(organisation__users__username="qiye2", status=Status.DEFICIENT)
    due = Deficiency.objects.filter(application=deficient, resolved_at__isnull=True).order_by("due_date")[0].due_date
    finished = Application.objects.filter(status__in=(Status.WITHDRAWN, Status.CLOSED, Status.PAID))
    return {"deficient": deficient, "due": due, "finished": list(finished.values_list("reference", flat=True))}


def test_qiye2_lands_on_its_todo_list_with_the_deficiency_deadline(world, page) -> None:
    deficient, due = world["deficient"], world["due"]
    sign_in(page, "qiye2")
    todo = page.locator("section.workbench")
    assert todo.get_by_role("heading", name="待办").is_visible()
    first = todo.locator(".todo").first
    assert "补正容缺材料" in first.inner_text() and deficient.reference in first.inner_text()
    assert f"期限 {due.year}年{due.month}月{due.day}日（还剩" in first.inner_text()
    shoot(page, "workbench-qiye2")
    first.get_by_role("link").click()
    page.wait_for_url(f"**/hall/apply/{deficient.pk}/")


def test_a_reviewers_queue_opens_on_open_cases_by_deadline(world, page) -> None:
    finished = world["finished"]
    assert finished
    sign_in(page, "shenhe")
    shoot(page, "workbench-shenhe")
    page.get_by_role("link", name="审核工作台").click()
    tabs = page.get_by_role("navigation", name="按状态查看")
    assert tabs.locator('[aria-current="page"]').inner_text().startswith("待办理")
    rows = page.locator("table.queue tbody tr")
    assert rows.count() > 0
    listed = page.locator("table.queue").inner_text()
    assert not any(ref in listed for ref in finished)
    statuses = rows.locator('[data-label="状态"]').all_inner_texts()
    assert all(s.split()[0] in ("已提交", "容缺受理（待补正）", "区级审核中", "市审核小组联审中") for s in statuses)
    # 全部 is a tab of its own, with the finished cases
    tabs.get_by_role("link", name="全部（含已撤回、已关闭）").click()
    assert any(ref in page.locator("table.queue").inner_text() for ref in finished)


def test_the_municipal_group_and_a_street_land_on_their_pages(demo, page) -> None:
    sign_in(page, "shishenhe")
    assert page.get_by_role("heading", name="待办").is_visible()
    shoot(page, "workbench-shishenhe")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")
    sign_in(page, "jiexiang")
    shoot(page, "workbench-jiexiang")


def test_submitting_an_ineligible_case_asks_for_a_reason(demo, page, tmp_path) -> None:
    receipts = tmp_path / "缴费凭证.pdf"
    receipts.write_bytes(pdf("2020年2–4月缴费凭证", pages=3))
    sign_in(page, "qiye")
    page.get_by_role("link", name="我的申请").click()
    page.get_by_role("row").filter(has_text="一次性社会保险补贴").get_by_role("link", name="申请").click()
    page.get_by_role("button", name="开始填写申请").click()
    page.wait_for_url("**/edit/")
    edit_url = page.url
    item = page.locator("article.material").filter(has_text="社会保险费缴费凭证")
    item.get_by_label("上传“社会保险费缴费凭证”（PDF）").set_input_files(receipts)
    item.get_by_role("button", name="上传", exact=True).click()
    # 禁限目录内的企业不享受 OP3 (OP3.1): the pre-check finds the claim 不符合
    page.get_by_label("禁限目录").select_option("true")
    page.get_by_label("本单位已阅读并同意以上承诺").check()
    page.get_by_role("button", name="提交申请").click()
    warning = page.locator("#ineligible-warning")
    assert "预审结果为“不符合”" in warning.inner_text()
    assert "未能提交" in page.locator("main").inner_text()
    assert page.url == edit_url
    page.get_by_label("仍要提交的理由").fill("本单位已于4月退出禁限目录，证明材料随后补交")
    page.get_by_label("本单位已阅读并同意以上承诺").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/hall/apply/*/")
    assert "申请已提交" in page.locator(".messages").inner_text()
