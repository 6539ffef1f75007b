"""A URLconf for the middleware tests: views that fail the way a database outage does."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1 failed: terminating connection")


def server_cursor_lost(request: HttpRequest) -> HttpResponse:
    import psycopg

    raise psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly")


def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("down/", database_down),
    path("closed/", connection_closed),
    path("cursor/", server_cursor_lost),
    path("", include("wengang.config.urls")),
]
