"""Story (b) of issue 15 in a real browser: a hard-to-employ person applies with a PDF, 孙河's street
office certifies her, publishes a public-welfare post and places her there; she sees the placement.
The person works on a 375 px phone; the office on a desk screen (Chromium via Playwright)."""

from __future__ import annotations

import pytest

from tests.factories import id_number, make_user, pdf_bytes, street
from wengang.accounts.models import Role

from ..browser import PHONE, restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(db):
    # a woman of 45 (born 1975-02-10; the 17th digit, 2, is even)
    make_user("kunnan", Role.INDIVIDUAL, first_name="刘桂兰", id_number=id_number(2, "19750210"), street=street("孙河"))
    make_user("jiexiang", Role.STREET, first_name="陈静", street=street("孙河"))


page = tab_fixture(PHONE)


def test_a_person_is_certified_and_placed_in_a_public_welfare_post(settings, tmp_path, people, page):
    settings.WENGANG_TODAY = "2020-06-01"
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "失业证明.pdf"
    evidence.write_bytes(pdf_bytes(title="失业证明"))

    sign_in(page, "kunnan")
    page.get_by_role("link", name="就业援助").first.click()
    page.get_by_role("link", name="申请认定").click()
    page.get_by_label("认定类别").select_option(label="长期失业人员")
    page.get_by_label("求职意向").fill("社区服务、保洁")
    page.get_by_role("button", name="保存申请").click()
    page.wait_for_selector("text=已保存申请，请上传证明材料后提交")
    # the engine says what is missing before anything is submitted
    assert "尚未上传证明材料（PDF）" in page.locator("main").inner_text()
    page.get_by_label("证明材料（PDF）").set_input_files(str(evidence))
    page.get_by_role("button", name="上传").click()
    page.wait_for_selector("text=已上传：长期失业人员证明材料.pdf")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("text=已办理：已提交，待街乡确认")
    certification_url = page.url
    sign_out(page)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, "jiexiang")
    page.goto("/assistance/")
    page.get_by_role("link", name="刘桂兰").click()
    assert page.url == certification_url
    page.get_by_role("button", name="认定为就业困难人员").click()
    page.get_by_role("button", name="确认认定为就业困难人员").click()  # confirmed on a page of its own
    page.wait_for_selector("text=已办理：已认定")

    page.goto("/assistance/posts/new/")
    page.get_by_label("岗位名称").fill("社区公共服务协管员")
    page.get_by_label("岗位人数").fill("1")
    page.get_by_label("工作内容和条件").fill("社区环境巡查、垃圾分类引导，每周五天")
    page.get_by_label("月工资（元）").fill("2200")
    page.get_by_label("长期失业人员").check()
    page.get_by_role("button", name="发布").click()
    page.wait_for_selector("text=已发布公益性岗位：社区公共服务协管员")
    candidates = page.locator("#candidates").inner_text()
    assert "刘桂兰" in candidates and "类别相符" in candidates and "意向相符" in candidates
    page.get_by_role("button", name="安置 刘桂兰").click()
    page.wait_for_selector("text=已安置 刘桂兰 到“社区公共服务协管员”")
    page.get_by_role("link", name="社区公共服务协管员").click()
    occupancy = page.locator(".occupancy").inner_text()
    assert "在岗\n1 人" in occupancy and "空缺\n0 人" in occupancy
    assert "岗位已满员" in page.locator("#candidates").inner_text()
    sign_out(page)

    page.set_viewport_size(PHONE)
    sign_in(page, "kunnan")
    page.goto("/assistance/")
    placed = page.locator("main").inner_text()
    assert "社区公共服务协管员：2020-06-01 至 2021-05-31，月工资 ¥2,200.00（在岗）" in placed
    assert "已认定" in placed
    assert not [m for m in page.console if "Content Security Policy" in m]
