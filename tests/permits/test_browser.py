"""A labour-dispatch permit in a real browser, from the application to the public 双公示 page.

The enterprise files 新申请劳务派遣行政许可 with a PDF for every checklist item; 劳动关系科 checks the
electronic set, ticks the paper set, schedules and records the on-site check, approves and
publishes; an anonymous visitor finds the permit number on /permits/public/ and no personal data.
Runs on a live server (Chromium via Playwright); every ORM write happens before the browser starts.
"""

from __future__ import annotations

import shutil

import pytest

from tests.factories import id_number, make_organisation, make_reviewer, make_user, pdf_bytes
from wengang.accounts.models import Role
from wengang.permits.models import PermitType

from ..browser import restore_the_database, sign_in, sign_out  # noqa: F401  (a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"
UNIT = "北京戊己劳务派遣有限公司"
BUSINESS = "新申请劳务派遣行政许可"
PERMIT_NUMBER = "京朝人社派许字〔2020〕第031号"
APPLICANT_ID = id_number(7)
INSPECTORS = "周核查、吴核查"



@pytest.fixture
def world(tmp_path):
    firm = make_organisation(31, UNIT)
    make_user("paiqian", Role.ENTERPRISE, first_name="钱经理", organisation=firm, id_number=APPLICANT_ID)
    make_reviewer("guanxi", department="labour-relations")  # 李审核
    permit_type = PermitType.objects.get(code="dispatch-new")
    assert permit_type.name == BUSINESS
    items = list(permit_type.requirements.filter(required=True).values_list("name", flat=True))
    assert len(items) == 6
    files = []
    for index, name in enumerate(items, start=1):
        path = tmp_path / f"材料{index}.pdf"
        path.write_bytes(pdf_bytes(index, title=name))  # a distinct file (and checksum) per item
        files.append((name, path))
    cover = tmp_path / "申请材料.pdf"
    cover.write_bytes(pdf_bytes(2, title="申请材料（整套）"))
    return {"cover": cover, "files": files, "uscc": firm.uscc}


@pytest.fixture
def browser(live_server):
    sync_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        chromium.base_url = live_server.url
        yield chromium
        chromium.close()


def new_tab(browser):
    context = browser.new_context(base_url=browser.base_url, locale="zh-CN")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.console = []
    tab.on("console", lambda msg: tab.console.append(msg.text))
    return tab


def act(page, button: str, done: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f".notice--success:has-text('已办理：{done}')")


def test_a_dispatch_permit_from_application_to_the_public_list(world, browser):
    page = new_tab(browser)

    # ---- the enterprise applies, then uploads a PDF for every checklist item
    sign_in(page, "paiqian")
    page.goto("/permits/new/")
    page.get_by_label("申请事项").select_option(label=BUSINESS)
    page.locator("#id_file").set_input_files(str(world["cover"]))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector(".notice--success:has-text('申请已提交，案件编号 XK2020')")
    case_url = page.url
    assert case_url.rstrip("/").split("/")[-1].isdigit()
    base = f"{UNIT}+{BUSINESS}"
    for count, (name, path) in enumerate(world["files"], start=2):
        page.get_by_label("对应材料清单项").select_option(label=name)
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_role("button", name="上传", exact=True).click()
        page.wait_for_selector(f".notice--success:has-text('已上传：{base}（{count}）.pdf')")
    materials = page.locator("#materials-title + details + ul.plain").inner_text()
    for name, _ in world["files"]:
        assert name in materials
    assert "电子材料审核合格" not in page.locator("main").inner_text()  # no staff steps for the applicant
    sign_out(page)

    # ---- 劳动关系科 handles the case
    sign_in(page, "guanxi")
    page.goto(case_url)
    act(page, "电子材料审核合格", "电子材料审核合格")

    for label in (
        "每页加盖公章",
        "加盖骑缝章",
        "信封注明单位名称",
        "信封注明申请事项",
        "信封注明寄件人",
        "信封注明北京地区联系电话",
    ):
        page.get_by_label(label).check()
    page.get_by_role("button", name="保存核对结果（全部核对无误即登记收到）").click()
    page.wait_for_selector(".notice--success:has-text('纸质材料核对无误，已登记收到')")

    page.get_by_label("实地核查日期").fill("2020-03-10")
    page.get_by_label("核查人员").fill(INSPECTORS)
    act(page, "安排实地核查", "已安排实地核查")

    page.get_by_label("合格", exact=True).check()
    page.get_by_label("核查情况").fill("经营场所、设施设备与申请材料一致")
    act(page, "记录实地核查结果", "实地核查完成")

    page.get_by_label("许可证编号").fill(PERMIT_NUMBER)
    page.get_by_label("有效期自").fill("2020-03-12")
    page.get_by_label("有效期至").fill("2023-03-11")
    page.get_by_role("button", name="准予许可", exact=True).click()
    summary = page.locator(".confirm__summary").inner_text()  # an irreversible decision: confirmed first
    assert summary == f"将对{UNIT}的“{BUSINESS}”作出准予许可决定，申请单位将收到通知，操作不可撤销。"
    act(page, "确认准予许可", "准予许可")

    act(page, "双公示并通知领取", "已公示，待领取")
    assert page.locator(".status-line").inner_text().strip() == "已公示，待领取"
    timeline = page.locator("ol.timeline").inner_text()
    assert timeline.count("李审核") == 6  # every step is on the audit trail under the reviewer's name
    sign_out(page)

    # ---- anyone: the public 双公示 page, in a fresh context that never signed in
    visitor = new_tab(browser)
    visitor.goto("/permits/public/")
    visitor.get_by_label("单位名称或统一社会信用代码").fill("戊己劳务")
    visitor.get_by_role("button", name="查询").click()
    visitor.wait_for_selector("text=查询结果（1 项）")
    row = visitor.locator("table tbody tr").inner_text()
    assert UNIT in row and PERMIT_NUMBER in row and world["uscc"] in row
    assert "2020-03-12 至 2023-03-11" in row
    content = visitor.content()
    for personal in ("李审核", "钱经理", "guanxi", "paiqian", APPLICANT_ID, "周核查", "吴核查"):
        assert personal not in content
    assert not [m for m in page.console + visitor.console if "Content Security Policy" in m]
    visitor.context.close()
    page.context.close()
