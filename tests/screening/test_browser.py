"""免申即享 in a real browser: staff upload an extract, watch the progress bar, see the results and
publish them; the firm finds the push and confirms; the application is in the review queue with
the screened figures. Runs on a live server (Chromium via Playwright)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connections

from tests.factories import PASSWORD
from wengang.accounts.models import Department, Role, User
from wengang.registry.models import Organisation
from wengang.screening import services
from wengang.screening.models import ScreeningRun
from wengang.subsidies.models import Application

from ..browser import restore_the_database, sign_in, sign_out, tab_fixture  # noqa: F401  (a module fixture)
from .conftest import OP3_FIRM, TODAY, UNKNOWN_FIRM, extract_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
T = TypeVar("T")


@pytest.fixture
def world(tmp_path):
    firm = Organisation.objects.create(uscc=OP3_FIRM["uscc"], name=OP3_FIRM["name"], industry_code="F52")
    User.objects.create_user(username="firm", password=PASSWORD, role=Role.ENTERPRISE, organisation=firm)
    User.objects.create_user(username="shenhe", password=PASSWORD, role=Role.REVIEWER,
                             department=Department.objects.get(code="labour-service"))
    path = tmp_path / "登记数据.csv"
    path.write_bytes(extract_csv(OP3_FIRM, UNKNOWN_FIRM).read())
    return path


page = tab_fixture()


def in_thread(work: Callable[[], T]) -> T:
    """Database work beside Playwright's event loop (Django refuses it in an async context): in a
    thread of its own, whose connection is closed after, so the test database can be dropped."""

    def closing() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(closing).result()


def test_a_push_from_upload_to_the_review_queue(settings, tmp_path, world, page, monkeypatch):
    settings.WENGANG_TODAY = TODAY.isoformat()
    settings.MEDIA_ROOT = tmp_path / "media"
    # the run waits in the queue (as with a busy worker) until the test screens it below
    monkeypatch.setattr(services, "_enqueue", lambda pk: None)

    sign_in(page, "shenhe")
    page.goto("/screening/")
    page.get_by_label("登记数据文件", exact=True).set_input_files(str(world))
    page.get_by_label("判定日期").fill("2020-05-01")
    page.get_by_role("button", name="开始筛查").click()
    page.wait_for_url("**/screening/*/")
    progress = page.locator("#run-progress")
    assert "排队中" in progress.inner_text()
    assert page.locator("progress").get_attribute("value") == "0"

    run = in_thread(ScreeningRun.objects.get)
    in_thread(lambda: services.run_execute(run.pk))  # the worker; the page polls and reloads itself
    page.locator("#policy-counts").wait_for()
    row = page.locator("#policy-counts tr", has_text="OP3")
    assert row.locator("td").all_inner_texts() == ["OP3 一次性社会保险补贴", "1", "1", "15,000.00 元"]

    page.get_by_role("button", name="发布并推送").click()
    page.locator("#uptake").wait_for()
    assert page.locator("#uptake td").all_inner_texts()[0] == "5"
    sign_out(page)

    sign_in(page, "firm")
    page.goto("/hall/apply/notifications/")
    notice = page.locator("li, tr, article", has_text="免申即享：符合1项补贴").last
    assert "一次性社会保险补贴，预计金额15,000.00 元" in notice.inner_text()
    notice.get_by_role("link", name="查看免申即享").click()
    assert page.locator("#amount").inner_text() == "15,000.00 元"
    page.get_by_role("button", name="确认申请").click()
    page.wait_for_url("**/hall/apply/*/")
    application = in_thread(Application.objects.get)
    assert application.reference in page.content()
    sign_out(page)

    sign_in(page, "shenhe")
    page.goto("/hall/review/")
    row = page.locator("tr", has_text=application.reference)
    assert "15,000.00 元" in row.inner_text() and "已提交" in row.inner_text()
    page.goto(f"/screening/{run.pk}/")
    assert page.locator("#uptake td").all_inner_texts() == ["5", "1", "1", "0"]
