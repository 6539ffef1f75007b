"""A placement in a real browser, from the 急聘 post to the agency's tally moving a tier.

A key enterprise posts a 急聘 vacancy in the job market; an HR agency finds it in the public
search, recommends a worker and declares the placement with a PDF pay proof; the enterprise
confirms after a page summarising what that does; the agency's count goes from 49 to 50 and its OP4 amount from 0.00 to 24,000.00 元.
Runs on a live server (Chromium via Playwright); all ORM work is done in fixtures first.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfWriter

from tests.factories import PASSWORD, id_number, pdf_upload, uscc
from wengang.accounts.models import Role, User
from wengang.placements.services import agency_tally, placement_declare, placement_move
from wengang.registry.models import Organisation, Street

from ..browser import restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)
from .conftest import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TODAY = dt.date(2020, 6, 1)
TITLE = "冷链仓储分拣员（急聘）"
WORKER = "韩梅梅"




def resident_id(birth: dt.date, sequence: int) -> str:
    """A resident ID number (GB 11643): Chaoyang area, birth date, sequence, ISO 7064 MOD 11-2 check."""
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(ch) * w for ch, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def proof_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def world(settings, tmp_path):
    settings.WENGANG_TODAY = TODAY.isoformat()
    sunhe = Street.objects.get(name="孙河")
    firm = Organisation.objects.create(
        uscc=uscc(61), name="北京庚辛冷链物流有限公司", street=sunhe, key_category=Organisation.KeyCategory.NECESSITIES
    )
    User.objects.create_user(username="lenglian", password=PASSWORD, role=Role.ENTERPRISE, organisation=firm)
    agency = Organisation.objects.create(uscc=uscc(62), name="北京朝阳人力资源服务有限公司", kind="agency", street=sunhe)
    agency_user = User.objects.create_user(username="jigou", password=PASSWORD, role=Role.AGENCY, organisation=agency)
    # 49 confirmed placements at another key enterprise with a 急聘 post, made through the services
    other = Organisation.objects.create(
        uscc=uscc(63), name="北京物美商业集团股份有限公司孙河物流配送中心", street=sunhe, key_category="necessities"
    )
    other_user = User.objects.create_user(username="wumei", password=PASSWORD, role=Role.ENTERPRISE, organisation=other)
    post = make_post(other, "物流分拣员", urgent=True)
    for seq in range(1, 50):
        placement = placement_declare(
            user=agency_user, post=post, worker_name=f"工人{seq}", worker_id_number=id_number(seq),
            start_date=dt.date(2020, 3, 2), proof=pdf_upload(),
        )
        placement_move(placement=placement, to="confirmed", actor=other_user)
    tally = agency_tally(agency.pk, TODAY)
    assert (tally.counted, tally.needed) == (49, 1)
    proof = tmp_path / "薪酬支付证明.pdf"
    proof.write_bytes(proof_pdf())
    return {"proof": proof, "worker_id": resident_id(dt.date(1992, 8, 17), 321), "agency": agency}


page = tab_fixture()




def tally_text(page) -> str:
    page.goto("/placements/")
    return page.locator("section.results").inner_text()


def test_an_urgent_post_to_a_confirmed_placement_moves_the_agency_a_tier(settings, tmp_path, world, page):
    settings.MEDIA_ROOT = tmp_path / "media"

    before = (sign_in(page, "jigou"), tally_text(page))[1]
    assert "推荐成功上岗 49 人" in before and "当前档次补助：0.00 元" in before
    assert "再推荐成功上岗 1 人可达到下一档（50 人，24,000.00 元）" in before
    sign_out(page)

    # the key enterprise posts a 急聘 vacancy
    sign_in(page, "lenglian")
    page.goto("/jobs/manage/new/")
    page.get_by_label("岗位名称").fill(TITLE)
    page.get_by_label("岗位描述").fill("保障全市门店冷链供应，负责冷库商品分拣、复核和装车，岗前培训，提供工作餐。")
    page.get_by_label("招聘人数").fill("30")
    page.get_by_label("月薪下限（元）").fill("5500")
    page.get_by_label("月薪上限（元）").fill("7000")
    page.get_by_label("工作地点").fill("孙河乡冷链物流园")
    page.get_by_label("工作时间").fill("两班倒")
    page.get_by_label("联系人").fill("周经理")
    page.get_by_label("联系电话").fill("010-84590061")
    page.get_by_label("截止日期").fill("2020-07-31")
    page.get_by_label("急聘").check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("text=岗位已发布")
    sign_out(page)

    # the agency finds it in the public search, recommends the worker and declares the placement
    sign_in(page, "jigou")
    page.goto("/jobs/")
    page.get_by_label("关键词").fill("冷链")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/jobs/*/")
    post_pk = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"/placements/posts/{post_pk}/")
    page.get_by_label("姓名", exact=True).fill(WORKER)
    page.get_by_label("身份证号码").fill(world["worker_id"])
    page.get_by_role("button", name="推荐", exact=True).click()
    page.wait_for_selector(f"text=已推荐 {WORKER}")
    page.goto("/placements/new/")
    page.get_by_label("重点企业及岗位").select_option(label=f"北京庚辛冷链物流有限公司 · 【急聘】{TITLE}")
    page.get_by_label("劳动者姓名").fill(WORKER)
    page.get_by_label("劳动者身份证号码").fill(world["worker_id"])
    page.get_by_label("上岗日期").fill("2020-05-25")
    page.get_by_label("薪酬支付证明或劳务协议（PDF）").set_input_files(str(world["proof"]))
    page.get_by_role("button", name="申报").click()
    page.wait_for_selector(f"text=已申报 {WORKER}，等待北京庚辛冷链物流有限公司确认")
    assert "推荐成功上岗 49 人" in page.locator("section.results").inner_text()
    sign_out(page)

    # the key enterprise confirms
    sign_in(page, "lenglian")
    page.goto("/placements/")
    page.get_by_role("link", name=WORKER).click()
    page.get_by_role("button", name="确认上岗").click()
    # first a page saying what confirming does (issue 12), then the confirmation itself
    page.wait_for_selector(f"h1:has-text('请确认：确认上岗：{WORKER}')")
    assert "计入该机构就业补贴（OP4）的推荐上岗人数" in page.locator(".confirm__summary").inner_text()
    page.get_by_role("button", name="确认上岗").click()
    page.wait_for_selector(f"text={WORKER}：双方已确认")
    sign_out(page)

    # the agency's tally has moved from 49 to 50, 0.00 to 24,000.00 元
    sign_in(page, "jigou")
    after = tally_text(page)
    assert "推荐成功上岗 50 人" in after and "当前档次补助：24,000.00" in after
    assert "再推荐成功上岗 1 人" not in after and "再推荐成功上岗 50 人可达到下一档（100 人" in after
    assert not [m for m in page.console if "Content Security Policy" in m]
