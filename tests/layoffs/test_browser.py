"""A layoff report in a real browser, from filing to a verified receipt.

The enterprise fills the form (the engine's conditions update as it types), uploads the named
list and the seven PDFs, and submits; the 劳动关系科 accepts; anyone verifies the receipt number
on the public page. Runs on a live server (Chromium via Playwright) on a 375 px wide screen.
"""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, uscc
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation, Street

from ..browser import PHONE, restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)
from .conftest import TODAY
from .factories import pdf, people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]





@pytest.fixture
def world(tmp_path):
    firm = Organisation.objects.create(
        uscc=uscc(51), name="北京庚辛机械有限公司", street=Street.objects.get(name="孙河"), facts={"employees": "200"}
    )
    User.objects.create_user(username="firm", password=PASSWORD, role=Role.ENTERPRISE, organisation=firm)
    User.objects.create_user(
        username="laodong",
        password=PASSWORD,
        role=Role.REVIEWER,
        department=Department.objects.get(code="labour-relations"),
    )
    files = {}
    for item in (1, 2, 3, 4, 6, 7, 8):
        path = tmp_path / f"material{item}.pdf"
        path.write_bytes(pdf(f"材料{item}").read())
        files[item] = path
    roster = tmp_path / "名单.xlsx"
    roster.write_bytes(people(20).read())
    return {"files": files, "list": roster}


page = tab_fixture(PHONE)




def test_a_report_from_filing_to_a_verified_receipt(settings, tmp_path, world, page):
    settings.WENGANG_TODAY = TODAY.isoformat()
    settings.MEDIA_ROOT = tmp_path / "media"

    sign_in(page, "firm")
    page.goto("/layoffs/")
    page.get_by_role("button", name="新建裁减人员报告").click()
    page.wait_for_url("**/layoffs/*/")

    # the engine judges the form as it is typed (htmx), before anything is saved
    page.get_by_label("裁减人数").fill("20")
    page.get_by_label("裁减人数").blur()
    page.wait_for_selector("text=裁减 20 人，职工总数 200 人（占 10.00%）：须提前报告")
    page.get_by_label("向工会或全体职工说明情况的日期").fill("2020-03-16")
    page.get_by_label("（二）生产经营发生严重困难").check()
    page.wait_for_selector("text=已提前 30 天说明情况，不少于 30 天")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector(".notice--success")

    page.locator("#id_file").set_input_files(str(world["list"]))
    page.get_by_role("button", name="上传名单").click()
    page.wait_for_selector("text=名单已上传，共 20 人")
    for item, path in world["files"].items():
        page.locator(f"#id_m{item}-file").set_input_files(str(path))
        page.locator(f"form[action$='/materials/{item}/'] button").click()
        page.wait_for_selector("text=已上传：北京庚辛机械有限公司+")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="提交报告").click()
    page.wait_for_selector("text=报告已提交劳动关系科")
    report_url = page.url
    sign_out(page)

    sign_in(page, "laodong")
    page.goto(report_url)
    page.get_by_role("button", name="受理并出具《收悉证明》").click()
    page.wait_for_selector("text=操作不可撤销")  # an irreversible decision is confirmed first
    page.get_by_role("button", name="确认受理并出具《收悉证明》").click()
    page.wait_for_selector("text=已受理，出具《收悉证明》朝人社收〔2020〕第0001号")
    sign_out(page)

    page.goto("/layoffs/verify/")
    page.get_by_label("收悉证明编号").fill("朝人社收〔2020〕第0001号")
    page.get_by_role("button", name="核验").click()
    result = page.locator("section.card").inner_text()
    assert "核验通过" in result and "北京庚辛机械有限公司" not in result and "20 人" not in result
    assert "职工1" not in page.content()

    page.get_by_label("收悉证明编号").fill("朝人社收〔2020〕第9999号")
    page.get_by_role("button", name="核验").click()
    assert "未找到该编号的《收悉证明》" in page.locator("section.card").inner_text()
    assert not [m for m in page.console if "Content Security Policy" in m]
