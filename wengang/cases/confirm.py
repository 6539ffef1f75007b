"""Confirmation of irreversible decisions (approve, reject, pay, accept, grant, refuse), without
JavaScript: the decision's form posts once and gets a page saying what will happen, with the same
values as hidden fields and ``confirm=1``; only that second post acts.

Double submits are safe because the move itself is: ``transition`` locks the row and refuses a
move from a state the case has left, so a second click finds the case decided and says so.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM = "confirm"
_NOT_REPOSTED = {"csrfmiddlewaretoken", CONFIRM}


def confirmed(request: HttpRequest) -> bool:
    """Whether this post is the confirmation of a decision already summarised to the user."""
    return request.POST.get(CONFIRM) == "1"


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    summary: str,
    button: str,
    back: str,
    details: list[tuple[str, str]] | None = None,
    danger: bool = False,
    final: bool = True,
) -> HttpResponse:
    """The page asking to confirm ``title``: the summary of what will happen, the values to be
    sent again (hidden), a confirm button posting to the same URL and a way back."""
    reposted = [(name, value) for name, values in request.POST.lists() if name not in _NOT_REPOSTED for value in values]
    context = {
        "title": title,
        "summary": summary,
        "button": button,
        "back": back,
        "details": details or [],
        "danger": danger,
        #: False for a step that a later move can still answer (e.g. a dispute the firm may withdraw by confirming)
        "final": final,
        "action": request.get_full_path(),
        "reposted": reposted,
    }
    return render(request, "cases/confirm.html", context)
