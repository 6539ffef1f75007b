"""The public verification page for every official document: /documents/verify/?number=…&code=…"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wengang import ratelimit
from wengang.accounts.services import client_ip

from . import services


class VerifyForm(forms.Form):
    number = forms.CharField(label="文号", max_length=60, help_text="如：朝人社补〔2020〕第0001号")
    code = forms.CharField(label="核验码", max_length=20, help_text="文书上印有的 8 位核验码，如：ABCD-EFGH")


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Only a number together with its code finds a document, and then only what the document itself
    states is shown (type, number, date, issuer); anything else gets one and the same answer."""
    if "number" not in request.GET and "code" not in request.GET:
        return render(request, "documents/verify.html", {"form": VerifyForm()})
    wait = ratelimit.rate_limit_hit(
        "documents-verify", client_ip(request) or "-", ratelimit.Limit.parse(settings.DOCUMENTS_VERIFY_RATE)
    )
    if wait is not None:
        response = render(
            request, "documents/verify.html", {"form": VerifyForm(request.GET), "too_many": wait}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    form = VerifyForm(request.GET)
    found = services.verify(form.data.get("number", ""), form.data.get("code", "")) if form.is_valid() else None
    return render(
        request,
        "documents/verify.html",
        {"form": form, "searched": form.is_valid(), "found": found},
        status=200 if found or not form.is_valid() else 404,
    )
