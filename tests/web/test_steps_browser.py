"""Long forms as steps on a phone (issue 12, ``wengang/static/js/steps.js``).

At 375 px the calculator and the application form show one part at a time with 上一步/下一步; the
form still posts as one. Without JavaScript, and on a wide screen, every part shows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from ..browser import chromium_tab, restore_the_database  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1366, "height": 900}
CALCULATOR_STEPS = ["基本信息", "参保与裁员", "利润与利税", "2020年参保与缴费", "其他", "计算设置"]
#: one field of each step
FIELD_PER_STEP = [
    "uscc",
    "insured_2018_12",
    "profit_tax_2018",
    "ui_payers_2019_avg",
    "epidemic_supplier_certified",
    "on",
]
SHOWN = "() => [...document.querySelectorAll('[data-step]')].map((s) => !s.hidden)"


def status(tab: Any) -> str:
    return tab.locator(".steps-status").inner_text()


def test_the_calculator_is_six_steps_on_a_phone_and_posts_as_one(live_server: Any) -> None:
    with chromium_tab(live_server.url, viewport=PHONE) as tab:
        tab.goto("/?sample=1")
        assert tab.evaluate(SHOWN) == [True, False, False, False, False, False]
        assert status(tab) == "第 1 步，共 6 步：基本信息"
        assert not tab.get_by_role("button", name="上一步").is_visible()
        uscc = tab.locator("#id_uscc").input_value()
        assert uscc
        for number, name in enumerate(CALCULATOR_STEPS[1:], start=2):
            tab.get_by_role("button", name="下一步").click()
            assert status(tab) == f"第 {number} 步，共 6 步：{name}"
        assert tab.evaluate(SHOWN) == [False, False, False, False, False, True]
        assert not tab.get_by_role("button", name="下一步").is_visible()
        tab.get_by_role("button", name="上一步").click()
        assert status(tab) == "第 5 步，共 6 步：其他"
        with tab.expect_request(lambda request: request.method == "POST") as posted:
            tab.get_by_role("button", name="计算").click()
        fields = parse_qs(posted.value.post_data or "", keep_blank_values=True)
        assert all(name in fields for name in FIELD_PER_STEP)
        assert fields["uscc"] == [uscc]
        tab.locator("#results .policy").first.wait_for()
        assert status(tab) == "第 5 步，共 6 步：其他"
        assert tab.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0


def test_an_error_opens_its_step(live_server: Any) -> None:
    with chromium_tab(live_server.url, viewport=PHONE) as tab:
        tab.goto("/")
        tab.get_by_role("button", name="下一步").click()
        tab.get_by_label("2018年12月失业保险参保人数").fill("很多")
        for _ in range(4):
            tab.get_by_role("button", name="下一步").click()
        assert status(tab) == "第 6 步，共 6 步：计算设置"
        tab.get_by_role("button", name="计算").click()
        tab.locator(".error-summary").wait_for()
        assert status(tab) == "第 2 步，共 6 步：参保与裁员"
        field = tab.locator("#id_insured_2018_12")
        assert field.is_visible() and field.get_attribute("aria-invalid") == "true"
        tab.locator(".error-summary a").first.click()
        assert tab.evaluate("document.activeElement.id") == "id_insured_2018_12"


@pytest.mark.parametrize(("javascript", "viewport"), [(False, PHONE), (True, WIDE)])
def test_every_part_shows_without_scripts_or_on_a_wide_screen(
    live_server: Any, javascript: bool, viewport: dict[str, int]
) -> None:
    with chromium_tab(live_server.url, viewport=viewport, javascript=javascript) as tab:
        tab.goto("/")
        assert tab.evaluate(SHOWN) == [True] * 6
        assert tab.locator(".steps-status, .steps-nav").count() == 0
        assert tab.locator("fieldset legend").all_inner_texts() == CALCULATOR_STEPS


def test_the_application_form_is_steps_on_a_phone(live_server: Any, demo_world: Any) -> None:
    """On the demo world of 2020-06-01 (``tests/demo_world.py``)."""
    with chromium_tab(live_server.url, viewport=PHONE) as tab:
        tab.goto("/accounts/login/")
        tab.get_by_label("用户名").fill("qiye2")
        tab.get_by_label("密码", exact=True).fill("wengang-demo-2020")
        tab.get_by_role("button", name="登录").click()
        tab.wait_for_url("**/accounts/")
        # qiye2's OP6 training-subsidy draft
        tab.goto("/hall/apply/")
        tab.get_by_role("link", name="OP6-2020-0001").click()
        tab.wait_for_url("**/edit/")
        assert status(tab) == "第 1 步，共 5 步：申报数据"
        names = []
        for _ in range(4):
            tab.get_by_role("button", name="下一步").click()
            names.append(status(tab))
        assert names == [
            "第 2 步，共 5 步：参训学员花名册",
            "第 3 步，共 5 步：申请材料",
            "第 4 步，共 5 步：预审结果",
            "第 5 步，共 5 步：承诺与提交",
        ]
        assert tab.get_by_label("本单位已阅读并同意以上承诺").is_visible()
        assert not tab.locator("#application-form").is_visible()
        # the step in use is kept when the page reloads (an upload redirects back to it)
        tab.reload()
        assert status(tab) == "第 5 步，共 5 步：承诺与提交"
        assert tab.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
