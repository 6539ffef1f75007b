"""The pages of ``pages.py`` requested in-process through Django's test client (import after
``django.setup()``): by ``page_cost.py`` (CPU and queries per request) and ``profile_pages.py``."""

from __future__ import annotations

from django.test import Client
from pages import FORM_TYPE, PAGES, SAMPLE_BODY

from wengang.accounts.models import User


def client_for(page: str) -> Client:
    """A client signed in as the page's account (none for a public page)."""
    client = Client()
    account = PAGES[page][2]
    if account:
        client.force_login(User.objects.get(username=account))
    return client


def request(client: Client, page: str) -> int:
    """One request of the page (the sample form for a POST); its status code."""
    method, path, _account = PAGES[page]
    response = client.post(path, SAMPLE_BODY, content_type=FORM_TYPE) if method == "POST" else client.get(path)
    return int(response.status_code)
