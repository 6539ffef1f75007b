"""/healthz, /readyz and /metrics."""

from __future__ import annotations

import pytest
from django.test import Client

from wengang.ops import views


@pytest.mark.django_db
def test_healthz_answers_without_checking_anything(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_and_migrations(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "redis": "not used"},
    }


@pytest.mark.django_db
def test_readyz_is_unavailable_when_redis_does_not_answer(client: Client, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # discard port: nothing listens
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error: ConnectionError"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_unavailable_while_a_migration_is_unapplied(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(views.MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error: 1 unapplied"


@pytest.mark.django_db
def test_metrics_answer_the_local_scraper(client: Client) -> None:
    client.get("/")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content


@pytest.mark.django_db
def test_metrics_are_refused_to_other_addresses(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert response.content.decode() == "禁止访问"


@pytest.mark.django_db
def test_metrics_allow_a_configured_network(client: Client, settings) -> None:
    settings.METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_favicon_is_served_not_404(client: Client) -> None:
    """/favicon.ico (asked by browsers whatever the page links) leads to the site's icon, and every page links it."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg") and "img/favicon" in response["Location"]
    page = client.get("/parameters/")
    assert b'rel="icon"' in page.content
