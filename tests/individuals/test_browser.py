"""Story (a) of issue 15 in a real browser: a person signs up with the code from the e-mail,
records unemployment (with the separation proof), 孙河's office confirms, the person claims
失业保险金, the office approves, and the payment schedule appears on the person's page.
Chromium via Playwright on a live server, at 375 px; every ORM write happens before it starts."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD, id_number, make_user, pdf_bytes, street
from wengang.accounts.models import Role

from ..browser import chromium_tab, restore_the_database, sign_in, sign_out  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERSON_ID = id_number(888, "19880808")
PHONE = "13700000008"
SECRET = "Xinde-mima-2020"


@pytest.fixture
def page(live_server, settings, tmp_path):
    settings.WENGANG_TODAY = "2020-06-01"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "wengang.individuals.sms.MemoryBackend"
    make_user("sunhe", Role.STREET, first_name="孙河社保所", street=street("孙河"))
    with chromium_tab(live_server.url, {"width": 375, "height": 812}) as tab:
        yield tab


def test_a_person_registers_claims_and_sees_the_payment_schedule(page, tmp_path):
    proof = tmp_path / "解除劳动合同证明.pdf"
    proof.write_bytes(pdf_bytes(1))

    page.goto("/individuals/signup/")
    page.get_by_label("真实姓名").fill("周求职")
    page.get_by_label("居民身份证号码").fill(PERSON_ID)
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_label("电子邮箱").fill("zhou@example.com")
    page.get_by_label("居住街乡").select_option(label="孙河地区")
    page.get_by_label("设置密码").fill(SECRET)
    page.get_by_label("再次输入密码").fill(SECRET)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url("**/signup/code/")
    code = re.search(r"验证码 (\d{6})", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url("**/individuals/")
    assert "110188********" not in page.content() and PERSON_ID not in page.content()  # masked

    page.get_by_role("link", name="办理失业登记").click()
    page.get_by_label("原工作单位").fill("北京旧时光餐饮有限公司")
    page.get_by_label("离职日期").fill("2020-05-15")
    page.get_by_label("离职原因").select_option(label="用人单位解除劳动合同")
    page.get_by_label("求职意向").fill("收银员")
    page.get_by_label("解除或终止劳动合同证明（PDF，可容缺后补）").set_input_files(str(proof))
    page.get_by_role("button", name="提交失业登记").click()
    page.wait_for_url("**/individuals/registrations/*/")
    assert "待街乡确认" in page.content()
    sign_out(page)

    sign_in(page, "sunhe", PASSWORD)
    page.goto("/individuals/queue/")
    page.get_by_role("link", name=re.compile(r"^SY\d{6}$")).click()
    page.get_by_role("button", name="确认失业登记").click()
    page.get_by_role("button", name="确认失业登记").click()  # the confirmation page
    expect(page.locator("body")).to_contain_text("已登记失业")
    sign_out(page)

    sign_in(page, PHONE, SECRET)
    page.goto("/individuals/")
    page.get_by_role("link", name="申领失业保险金").click()
    page.get_by_label("累计缴纳失业保险费年限").fill("3")
    page.get_by_label("我有求职要求，愿意接受职业介绍").check()
    page.get_by_role("button", name="提交申领").click()
    page.wait_for_url("**/individuals/claims/*/")
    assert "可以领取" in page.content()  # the engine's preview for the office and the person
    sign_out(page)

    sign_in(page, "sunhe", PASSWORD)
    page.goto("/individuals/queue/")
    page.get_by_role("link", name=re.compile(r"^SJ\d{6}$")).click()
    page.get_by_role("button", name="核准", exact=True).click()
    page.get_by_role("button", name="确认核准").click()
    sign_out(page)

    sign_in(page, PHONE, SECRET)
    page.goto("/individuals/")
    page.get_by_role("link", name=re.compile(r"^SJ\d{6}$")).click()
    schedule = page.get_by_role("table", name="按月发放计划")
    assert schedule.get_by_role("row").count() == 13  # the header and 12 months
    expect(page.locator("body")).to_contain_text("每月 ¥1,788.00，共 12 个月，合计 ¥21,456.00（月标准待核实）")
    assert "2020年7月" in schedule.inner_text() and "2021年6月" in schedule.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    page.screenshot(path=str(tmp_path / "schedule.png"), full_page=True)
