"""The calculator in a real browser: htmx under the strict CSP, focus, and a 375 px wide phone."""

from __future__ import annotations

import shutil
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture(scope="module")
def server_url():
    """The site on a free port. The pages use no database, so pytest-django's live_server (which
    flushes one around every test, and trips over Playwright's event loop doing so) is not needed."""
    app = StaticFilesHandler(get_wsgi_application())
    httpd = make_server("127.0.0.1", 0, app, server_class=ThreadingServer, handler_class=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport=PHONE)
    page.console = []
    page.on("console", lambda msg: page.console.append(msg.text))
    yield page
    page.close()


def csp_violations(page) -> list[str]:
    return [m for m in page.console if "Content Security Policy" in m]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_htmx_swaps_the_results_without_reloading(server_url, phone):
    phone.goto(f"{server_url}/?sample=1")
    assert page_width(phone) <= PHONE["width"]
    phone.evaluate("window.notReloaded = true")

    phone.click("button[type=submit]")
    phone.wait_for_selector("#results-title")

    assert phone.evaluate("window.notReloaded") is True
    assert phone.evaluate("document.activeElement.id") == "results-title"
    assert "35,070.00 元" in phone.locator("#policy-OP3").inner_text()
    assert page_width(phone) <= PHONE["width"]
    assert csp_violations(phone) == []


def test_htmx_shows_errors_next_to_the_fields_and_clears_them(server_url, phone):
    phone.goto(f"{server_url}/?sample=1")
    phone.fill("#id_employees", "1,000")
    phone.click("button[type=submit]")
    phone.wait_for_selector(".error-summary")

    assert phone.evaluate("document.activeElement.className") == "error-summary"
    assert phone.get_attribute("#id_employees", "aria-invalid") == "true"
    assert phone.input_value("#id_employees") == "1,000"
    assert "不能有千分位等分隔符" in phone.locator("#id_employees_error").inner_text()
    assert phone.locator("#results-title").count() == 0

    phone.fill("#id_employees", "50")
    phone.click("button[type=submit]")
    phone.wait_for_selector("#results-title")

    assert phone.locator(".error-summary").count() == 0
    assert phone.locator(".field__error").count() == 0
    assert csp_violations(phone) == []


def test_the_parameter_list_fits_a_phone(server_url, phone):
    phone.goto(f"{server_url}/parameters/")
    assert phone.locator("#param-ui_benefit_monthly").count() == 1
    assert page_width(phone) <= PHONE["width"]
    assert csp_violations(phone) == []
