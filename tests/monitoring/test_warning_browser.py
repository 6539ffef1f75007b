"""The early-warning story in a real browser: the district uploads April's extract, in which a 孙河
firm lost 30 % of its insured people; the red alert goes to 孙河's street office, which acknowledges it
and records its measures. The charts draw under the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import make_reviewer, make_user, uscc
from wengang.registry.models import Street

from ..browser import restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXTRACT = (
    "统一社会信用代码,单位名称,所属街乡,行业代码,月初参保人数,当月新增参保人数,当月减少参保人数\n"
    f"{uscc(1)},北京孙河恒达服装制造有限公司,孙河,C18,200,0,60\n"
    f"{uscc(2)},北京孙河大型物流有限公司,孙河,G54,6000,10,10\n"
)


page = tab_fixture({"width": 1280, "height": 900})


@pytest.fixture
def people(settings):
    settings.WENGANG_TODAY = "2020-06-01"
    make_reviewer("shenhe_b")
    make_user("jiexiang_b", "street", street=Street.objects.get(name="孙河"))


def test_a_30_percent_loss_raises_a_red_alert_the_street_acknowledges_and_answers(people, page, tmp_path):
    extract = tmp_path / "2020-04.csv"
    extract.write_text(EXTRACT, encoding="utf-8")

    sign_in(page, "shenhe_b")
    page.goto("/dashboard/warning/import/")
    page.get_by_label("数据所属月份").fill("2020-04")
    page.get_by_label("月度参保数据（CSV 或 Excel .xlsx）").set_input_files(str(extract))
    page.get_by_role("button", name="上传并导入").click()
    page.get_by_text("新发出预警 1 条").wait_for()
    sign_out(page)

    sign_in(page, "jiexiang_b")
    page.get_by_role("link", name="失业监测预警").first.click()
    page.wait_for_selector("[data-trend] canvas")
    page.wait_for_selector("[data-graph] canvas")
    expect(page.get_by_role("heading", name="失业监测预警（孙河地区）")).to_be_visible()
    page.get_by_role("link", name="北京孙河恒达服装制造有限公司").click()
    expect(page.get_by_role("heading", name="红色预警")).to_be_visible()
    expect(page.get_by_text("月初参保 200 人，当月减少 60 人（岗位流失率 30.00%）：达到红色预警线（100 人或 30%）（N18）")).to_be_visible()

    page.get_by_role("button", name="签收").click()
    page.get_by_text("已签收").first.wait_for()
    page.get_by_label("措施类别").select_option(label="走访联系企业")
    page.get_by_label("联系人及方式").fill("人事经理 王女士 13800000000")
    page.get_by_label("措施内容").fill("上门走访，了解减员原因，宣讲稳岗返还政策")
    page.get_by_label("推荐的补贴政策").fill("OP2 失业保险费返还")
    page.get_by_label("结果").fill("企业暂停减员")
    page.get_by_role("button", name="记录应对措施").click()
    page.get_by_text("已记录应对措施").wait_for()
    expect(page.get_by_role("cell", name="上门走访，了解减员原因，宣讲稳岗返还政策")).to_be_visible()
    assert page.locator(".badge").first.inner_text() == "处置中"
    assert [m for m in page.console if "Content Security Policy" in m] == []
