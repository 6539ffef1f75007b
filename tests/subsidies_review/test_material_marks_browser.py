"""In a real browser: a reviewer opens a material inline, marks it 需补正, and the 容缺 form lists it;
the applicant supplies it with an upload progress bar (static/js/upload-progress.js).

Screenshots go to ``WENGANG_SCREENSHOTS`` when that is set."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfWriter

from tests.browser import DESKTOP, restore_the_database, sign_in, tab_fixture  # noqa: F401 (module fixture)
from tests.factories import pdf_upload
from wengang.accounts.models import Role
from wengang.subsidies.models import MaterialMark
from wengang.subsidies.services.materials import material_attach
from wengang.subsidies.services.review import MissingItem, application_accept_with_deficiencies, material_mark

from .conftest import application, department, organisation, user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "Material-review-2020"


def big_pdf() -> bytes:
    """A real PDF of about 1.5 MB: small files post as usual, larger ones show the progress bar."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": "扫描件" * 250_000})
    out = io.BytesIO()
    writer.write(out)
    assert out.tell() > 1024 * 1024
    return out.getvalue()


def shoot(tab, name: str) -> None:
    where = os.environ.get("WENGANG_SCREENSHOTS")
    if where:
        tab.screenshot(path=str(Path(where) / f"{name}.png"), full_page=True)


@pytest.fixture
def world(settings, tmp_path) -> dict:
    """A submitted OP3 application with one material, and its department's reviewer (read before
    the browser starts: no database calls under Playwright)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    app = application(organisation("望京材料测试有限公司"), "OP3")
    requirement = app.subsidy_type.requirements.filter(essential=False).first()
    material = material_attach(
        application=app, requirement=requirement, upload=pdf_upload(pages=2), user=app.applicant
    ).material
    reviewer = user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))
    reviewer.set_password(PASSWORD)
    reviewer.save()
    return {
        "reviewer": reviewer.username,
        "detail": reverse("subsidies:review_detail", args=[app.pk]),
        "material": material.pk,
        "requirement": requirement.name,
        "inline": reverse("subsidies:review_material_inline", args=[app.pk, material.pk]),
    }


@pytest.fixture
def deficient(settings, tmp_path) -> dict:
    """The material marked 需补正 and listed for 容缺; the applicant may sign in."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    app = application(organisation("望京补正测试有限公司"), "OP3")
    requirement = app.subsidy_type.requirements.filter(essential=False).first()
    material = material_attach(
        application=app, requirement=requirement, upload=pdf_upload(), user=app.applicant
    ).material
    reviewer = user(Role.REVIEWER, department=department("labour-service", "劳动服务管理中心"))
    material_mark(material=material, actor=reviewer, mark=MaterialMark.RESUPPLY, note="4月凭证缺银行盖章")
    (item,) = application_accept_with_deficiencies(
        application=app, actor=reviewer, items=[MissingItem("社会保险费缴费凭证：4月凭证缺银行盖章", requirement)]
    )
    app.applicant.set_password(PASSWORD)
    app.applicant.save()
    upload = tmp_path / "补正凭证.pdf"
    upload.write_bytes(big_pdf())
    return {
        "applicant": app.applicant.username,
        "detail": reverse("subsidies:apply_detail", args=[app.pk]),
        "supply": reverse("subsidies:apply_supply", args=[app.pk, item.pk]),
        "file": str(upload),
    }


page = tab_fixture(DESKTOP)


def test_a_reviewer_previews_a_material_marks_it_and_the_deficiency_form_lists_it(world, page) -> None:
    sign_in(page, world["reviewer"], PASSWORD)
    page.goto(world["detail"])
    item = page.locator(f"#material-{world['material']}")
    with page.expect_response(lambda r: r.url.endswith(world["inline"])) as preview:
        item.locator("summary").filter(has_text="在线查看（2 页）").click()
    headers = preview.value.headers
    assert preview.value.status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("inline; ")
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert item.locator("iframe").is_visible()
    page.wait_for_timeout(1000)  # let the viewer draw before the screenshot
    shoot(page, "material-preview")

    item.get_by_label("需补正", exact=True).check()
    item.get_by_label("需补正的内容（申请人可见）").fill("4月凭证缺银行盖章")
    item.get_by_role("button", name="保存标记").click()
    page.wait_for_url(f"**{world['detail']}#material-{world['material']}")

    item = page.locator(f"#material-{world['material']}")
    assert "需补正 4月凭证缺银行盖章" in item.inner_text()
    deficiency = page.locator("form.action").filter(has=page.get_by_role("heading", name="容缺受理"))
    assert deficiency.get_by_label(world["requirement"], exact=False).is_checked()
    assert "已按材料审核标记勾选 1 项“需补正”的材料" in deficiency.inner_text()
    deficiency.scroll_into_view_if_needed()
    shoot(page, "material-marked-deficiency-form")
    assert not [m for m in page.console if "Content Security Policy" in m]


def test_the_applicant_supplies_the_material_with_an_upload_progress_bar(deficient, page) -> None:
    sign_in(page, deficient["applicant"], PASSWORD)
    page.goto(deficient["detail"])
    assert "需补正 审核意见：4月凭证缺银行盖章" in page.locator("body").inner_text()
    form = page.locator(f'form[action="{deficient["supply"]}"]')
    form.get_by_label("上传补正材料（PDF）").set_input_files(deficient["file"])

    seen: dict = {}

    def hold(route) -> None:
        # the request is on its way: the progress bar and its status are on the page
        box = form.locator(".upload-progress")
        seen["label"] = box.locator("label").inner_text()
        seen["status"] = box.get_by_role("status").inner_text()
        seen["disabled"] = form.get_by_role("button", name="提交补正材料").is_disabled()
        shoot(page, "upload-progress")
        route.continue_()

    page.route(f"**{deficient['supply']}", hold)
    with page.expect_request(lambda r: r.url.endswith(deficient["supply"])) as sent:
        form.get_by_role("button", name="提交补正材料").click()
    assert sent.value.resource_type == "xhr"
    page.wait_for_url(f"**{deficient['detail']}")
    page.get_by_text("容缺事项已全部补正，申请进入区级审核").wait_for()
    assert seen["label"] == "上传进度"
    assert seen["status"] in ("开始上传……", "上传完成，正在处理，请稍候……") or seen["status"].startswith("已上传 ")
    assert seen["disabled"] is True
    assert "审核意见：4月凭证缺银行盖章" not in page.locator("body").inner_text()
    shoot(page, "upload-progress-done")
