"""The reviewer's guard rails in a real browser: a 不符合 case offers no 审核通过 (it says why); approving
an eligible case asks for confirmation with what will happen; the step tracker shows the 2020 dates.
Screenshots go to the test's tmp_path (look at them: ``--basetemp``)."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

from ..browser import DESKTOP, restore_the_database, sign_in, tab_fixture  # noqa: F401  (a module fixture)
from .conftest import OP3_SHRINKING, application, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



page = tab_fixture(DESKTOP)


@pytest.fixture
def cases(reviewer, firm):
    """(the reviewer's user name, a case the engine finds 不符合, an eligible one), made before the browser starts."""
    reviewer.set_password(PASSWORD)
    reviewer.save()
    shrinking = application(organisation("北京收缩贸易有限公司", facts=OP3_SHRINKING), "OP3", status="district_review")
    return reviewer.username, shrinking, application(firm, "OP3", status="district_review")


def test_the_reviewer_is_offered_only_what_succeeds_and_confirms_an_approval(cases, page, tmp_path):
    username, shrinking, eligible = cases
    sign_in(page, username, PASSWORD)

    page.goto(f"/hall/review/{shrinking.pk}/")
    assert page.get_by_role("button", name="审核通过").count() == 0
    assert page.get_by_role("button", name="不予通过").count() == 1
    blocked = page.get_by_role("region", name="暂不能办理").inner_text()
    assert "审核通过：按政策规则，本申请“不符合”，不能审核通过" in blocked
    page.screenshot(path=tmp_path / "ineligible.png", full_page=True)

    page.goto(f"/hall/review/{eligible.pk}/")
    page.locator("form.action").filter(has_text="审核通过").get_by_role("button", name="审核通过").click()
    page.wait_for_selector("h1:has-text('请确认：审核通过')")
    summary = page.locator(".confirm__summary").inner_text()
    assert summary.startswith("将审核通过望京软件有限公司的申请（")
    assert "按今日政策规则核定 ¥9,000.00" in summary and "操作不可撤销" in summary
    page.screenshot(path=tmp_path / "confirm.png", full_page=True)
    page.get_by_role("button", name="确认审核通过").click()
    page.wait_for_selector("text=审核通过，核定金额 9,000.00 元")

    steps = page.get_by_role("navigation", name="办理进度")
    current = steps.locator("[aria-current='step']")
    assert current.locator(".steps__label").inner_text() == "决定"
    assert current.locator(".steps__date").inner_text() == "2020-06-01"
    assert steps.locator(".steps__item--done .steps__date").all_inner_texts() == ["2020-06-01"] * 3
    page.screenshot(path=tmp_path / "approved.png", full_page=True)
