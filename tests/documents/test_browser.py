"""A decision letter verified in a real browser (issue 12): the firm downloads its letter, reads the
文号 and 核验码 off it, and the public page confirms it by number and code — typed loosely — and
says nothing at all when the code is wrong. Chromium via Playwright on a live server."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import PASSWORD
from wengang.accounts.models import Role, User
from wengang.subsidies.models import Status
from wengang.subsidies.services.review import application_approve

from ..browser import PHONE, restore_the_database, sign_in, sign_out, tab_fixture, verify_document  # noqa: F401
from ..subsidies_review.conftest import TODAY, application, department, organisation, user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

page = tab_fixture(PHONE)


@pytest.fixture
def decided(settings):
    """An approved OP3 application of 望京软件有限公司 (made before the browser's event loop runs)."""
    settings.WENGANG_TODAY = TODAY
    firm = organisation("望京软件有限公司")
    User.objects.create_user(username="firm", password=PASSWORD, role=Role.ENTERPRISE, organisation=firm)
    app = application(firm, "OP3", status=Status.DISTRICT_REVIEW)
    application_approve(application=app, actor=user(Role.REVIEWER, department=department("labour-service")))
    return app


def test_a_decision_letter_verifies_by_number_and_code_and_a_wrong_code_reveals_nothing(
    decided, page, live_server
) -> None:
    app = decided

    sign_in(page, "firm")
    pdf = page.request.get(f"/hall/review/{app.pk}/letter.pdf")
    assert pdf.ok, pdf.status
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages).replace(" ", "")
    assert "朝人社补〔2020〕第0001号" in text
    code = re.search(r"核验码：([A-Z2-9]{4}-[A-Z2-9]{4})", text)
    assert code, text
    assert f"{live_server.url}/documents/verify/" in text
    sign_out(page)

    # typed as a reader would: half-width brackets, no zero padding, the code in lower case
    result = verify_document(page, "朝人社补(2020)第1号", code[1].lower())
    assert "核验通过" in result and "补贴审核决定书" in result and "2020年6月1日" in result
    assert "朝人社补〔2020〕第0001号" in result
    assert "望京软件有限公司" not in page.content() and "9,000" not in page.content()
    page.screenshot(path="/tmp/h12c-verify-ok.png", full_page=True)

    wrong = "".join("A" if c != "A" else "B" for c in code[1].replace("-", ""))
    page.get_by_label("核验码").fill(wrong)
    page.get_by_role("button", name="核验").click()
    result = page.locator("section.card").inner_text()
    assert "未能核验" in result
    for revealed in ("核验通过", "补贴审核决定书", "2020年6月1日", "望京软件有限公司"):
        assert revealed not in result
    page.screenshot(path="/tmp/h12c-verify-wrong.png", full_page=True)
    assert not [m for m in page.console if "Content Security Policy" in m]
