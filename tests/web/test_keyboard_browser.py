"""The OP3 story with the keyboard only (issue 12): Tab, Shift+Tab, Enter and Space, no mouse click.

An enterprise (智图, ``qiye``) signs in, pre-checks OP3, goes through the application's figures,
attaches a PDF (the file chooser is the browser's own: the focused input gets the file), accepts the
commitment and submits. Every element the keyboard reaches shows a visible focus ring (a computed
outline of at least 2 px), and the first Tab on a page reaches the skip link.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.hall.test_walkthrough_browser import APPROVED, pdf

from ..browser import chromium_tab, restore_the_database  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: the focused element: its accessible name as a user hears it, and whether its focus ring shows
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const name = (e.getAttribute("aria-label") || label || e.innerText || e.value || "").replace(/\\s+/g, "");
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {tag: e.tagName.toLowerCase(), name: name, ring: ring};
}"""
#: Tab presses to reach an element on one page at the most
REACH = 120


def tab_to(tab: Any, name: str, *, backwards: bool = False) -> dict[str, Any]:
    """Press Tab (Shift+Tab) until the focused element's name starts with ``name``; every element on
    the way must show its focus ring."""
    passed: list[str] = []
    for _ in range(REACH):
        tab.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = tab.evaluate(FOCUSED)
        assert focused["ring"], f"焦点不可见：{focused} 于 {tab.url}"
        if focused["name"].startswith(name):
            return dict(focused)
        passed.append(focused["name"][:20])
    raise AssertionError(f"按 Tab 未到达“{name}”：{passed}")


def press(tab: Any, key: str, *, then: str | re.Pattern[str] | None = None) -> None:
    """Press a key; with ``then``, wait for the page it opens (a form posted back to the same
    address included)."""
    if then is None:
        tab.keyboard.press(key)
        return
    with tab.expect_navigation(url=then):
        tab.keyboard.press(key)


@pytest.fixture
def demo(demo_world: Any) -> None:
    """The demo world on 2020-06-01 (``load_demo``'s rows: ``tests/demo_world.py``)."""


def test_an_enterprise_applies_for_op3_with_the_keyboard_only(demo: None, live_server: Any, tmp_path: Any) -> None:
    receipts = tmp_path / "缴费凭证.pdf"
    receipts.write_bytes(pdf("2020年2–4月缴费凭证", pages=3))
    with chromium_tab(live_server.url, viewport={"width": 1366, "height": 900}) as tab:
        tab.goto("/accounts/login/")
        # the first Tab reaches the skip link, shown while focused; Enter moves to the main content
        skip = tab_to(tab, "跳到主要内容")
        assert skip["tag"] == "a"
        assert tab.locator(".skip-link").bounding_box()["y"] >= 0
        press(tab, "Enter")
        assert tab.evaluate("document.activeElement.id") == "main"
        tab_to(tab, "用户名")
        tab.keyboard.type("qiye")
        tab_to(tab, "密码")
        tab.keyboard.type("wengang-demo-2020")
        # Shift+Tab goes back to the user name, Tab forward again to the button
        assert tab_to(tab, "用户名", backwards=True)["tag"] == "input"
        assert tab_to(tab, "登录")["tag"] == "button"
        press(tab, "Enter", then="**/accounts/")

        tab_to(tab, "我的申请")
        press(tab, "Enter", then="**/hall/apply/")
        tab_to(tab, "申请一次性社会保险补贴")
        press(tab, "Enter", then="**/hall/apply/new/OP3/")
        assert f"预审金额：{APPROVED}" in tab.locator("#precheck").inner_text()
        tab_to(tab, "开始填写申请")
        press(tab, "Enter", then="**/edit/")

        # the figures are prefilled from the registry: the keyboard goes through each of them
        fields = tab.locator("#application-form input:not([type=hidden]), #application-form select").count()
        assert fields > 0
        for _ in range(fields):
            tab.keyboard.press("Tab")
            assert tab.evaluate(FOCUSED)["ring"]
        upload = tab_to(tab, "上传“社会保险费缴费凭证”（PDF）")
        assert upload["tag"] == "input"
        tab.locator("*:focus").set_input_files(receipts)
        tab_to(tab, "上传")
        press(tab, "Enter", then=re.compile(r"/edit/#req-\d+$"))
        assert (
            "已上传：北京智图云联科技有限公司+社会保险费缴费凭证.pdf（3 页）" in tab.locator(".messages").inner_text()
        )

        tab_to(tab, "本单位已阅读并同意以上承诺")
        press(tab, "Space")
        assert tab.get_by_label("本单位已阅读并同意以上承诺").is_checked()
        tab_to(tab, "提交申请")
        press(tab, "Enter", then="**/hall/apply/*/")
        assert "申请已提交" in tab.locator(".messages").inner_text()
        assert "已提交" in tab.locator(".status-line").inner_text()
