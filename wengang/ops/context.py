"""The URLs every page's header and footer link to, reversed once per process (issue 11, load).

``{% url %}`` reverses on every render: nine lookups a page, ~20 % of a light page's CPU (the job
search). The URL configuration does not change while a process runs, so the answers are kept per
script prefix (the only per-request input of ``reverse``). A name that is not installed gives "",
as ``{% url … as name %}`` did.
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse

#: context name → URL name, for base.html
SITE_URLS = {
    "calculator": "calculator:index",
    "parameters": "calculator:parameters",
    "jobs": "jobs:search",
    "public": "permits:public",
    "portal": "accounts:portal",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "guide": "guide:index",
}


@cache
def _site_urls(prefix: str) -> MappingProxyType[str, str]:
    urls = {}
    for key, name in SITE_URLS.items():
        try:
            urls[key] = reverse(name)
        except NoReverseMatch:
            urls[key] = ""
    return MappingProxyType(urls)


def site_urls(request: HttpRequest) -> dict[str, Any]:
    return {"site_urls": _site_urls(get_script_prefix())}
