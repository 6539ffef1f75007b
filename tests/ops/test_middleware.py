"""Request ids and JSON logs, the Chinese 503 for database outages, and load shedding."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from wengang.ops.logging import JsonFormatter, RequestIdFilter, request_id
from wengang.ops.middleware import LoadSheddingMiddleware, RequestIdMiddleware
from wengang.ops.views import server_error


@pytest.mark.django_db
def test_a_request_id_is_made_and_returned(client: Client) -> None:
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_load_balancers_request_id_is_kept_when_it_is_safe(client: Client) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42").headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>").headers["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32


def test_log_lines_are_json_with_the_request_id() -> None:
    record = logging.makeLogRecord({"name": "wengang.request", "levelname": "INFO", "msg": "GET %s", "args": ("/",)})
    record.status = 200
    token = request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /"
    assert line["request_id"] == "abc123"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_each_request_is_logged_once_with_its_status_and_id(caplog) -> None:
    middleware = RequestIdMiddleware(lambda request: HttpResponse(status=201))
    with caplog.at_level(logging.INFO, logger="wengang.request"):
        response = middleware(RequestFactory().post("/hall/apply/", HTTP_X_REQUEST_ID="r-1"))
    [record] = caplog.records
    assert (record.method, record.path, record.status, record.request_id) == ("POST", "/hall/apply/", 201, "r-1")
    assert response["X-Request-ID"] == "r-1"


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.urls")
@pytest.mark.parametrize("path", ["/down/", "/closed/", "/cursor/"])
def test_a_database_outage_gives_a_chinese_503_with_retry_after(path: str) -> None:
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "服务暂时不可用" in page and "未保存任何内容" in page
    assert "OperationalError" not in page and "127.0.0.1" not in page


def test_a_database_outage_outside_the_views_is_a_503_too() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_any_other_failure_is_a_chinese_500_page_with_the_request_id() -> None:
    token = request_id.set("req-9")
    try:
        try:
            raise KeyError("facts")
        except KeyError:
            response = server_error(RequestFactory().get("/"))
    finally:
        request_id.reset(token)
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page and "req-9" in page and "KeyError" not in page


def test_overload_is_shed_quickly_with_a_chinese_503(settings) -> None:
    settings.WENGANG_MAX_INFLIGHT = 1
    settings.WENGANG_QUEUE_TIMEOUT = 0.05
    inside, release = threading.Event(), threading.Event()

    def slow(request: HttpRequest) -> HttpResponse:
        inside.set()
        release.wait(5)
        return HttpResponse("ok")

    middleware = LoadSheddingMiddleware(slow)
    first: list[HttpResponse] = []
    holder = threading.Thread(target=lambda: first.append(middleware(RequestFactory().get("/jobs/"))))
    holder.start()
    assert inside.wait(5)
    shed = middleware(RequestFactory().get("/jobs/"))
    probe = middleware(RequestFactory().get("/healthz"))  # never shed: it does not reach the slow view here
    release.set()
    holder.join(5)
    assert first[0].status_code == 200
    assert shed.status_code == 503
    assert shed["Retry-After"] == "5"
    assert "系统繁忙" in shed.content.decode()
    assert probe.status_code == 200
    # the place is free again
    release.set()
    assert middleware(RequestFactory().get("/jobs/")).status_code == 200


def test_shedding_is_off_by_default() -> None:
    assert LoadSheddingMiddleware(lambda r: HttpResponse()).slots is None


def test_a_database_error_before_the_view_is_still_the_chinese_503() -> None:
    from wengang.ops.wsgi import with_database_outage_page

    def django_app(environ, start_response):  # as when request_started's connection check fails
        raise OperationalError("the database system is shutting down")

    seen: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(with_database_outage_page(django_app)({"PATH_INFO": "/"}, lambda s, h: seen.append((s, h))))
    assert seen[0][0] == "503 Service Unavailable"
    assert ("Retry-After", "5") in seen[0][1]
    assert "服务暂时不可用" in body.decode()
