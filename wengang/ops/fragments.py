"""HTML that is the same for every visitor, rendered once per worker process (issue 11, load).

The calculator's empty form (~40 fields) and the parameter table cost most of their page's time to
render, yet depend only on the language and on data fixed for the life of the process (the field
definitions; the parameter files, read once by ``load_parameters``). A fragment is kept per name and
language together with the object it was rendered from: a different object (parameters read again)
renders it afresh. Nothing user-specific may go into a fragment: no CSRF token, no user, no date of
the service clock. With ``DEBUG`` on (development) nothing is kept, so template edits show at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_kept: dict[tuple[str, str], tuple[object, SafeString]] = {}
_lock = threading.Lock()


def fragment(name: str, render: Callable[[], str], *, source: object = None) -> SafeString:
    """The HTML ``render()`` gives for ``name`` in the active language, rendered at most once per
    process as long as ``source`` (the data it shows) is the same object."""
    if settings.DEBUG:
        return mark_safe(render())
    key = (name, get_language() or settings.LANGUAGE_CODE)
    kept = _kept.get(key)
    if kept is not None and kept[0] is source:
        return kept[1]
    html = mark_safe(render())
    with _lock:  # a race renders twice and keeps one: same HTML either way
        _kept[key] = (source, html)
    return html


def forget() -> None:
    """Drop every kept fragment (tests; a process that reloads its data)."""
    with _lock:
        _kept.clear()
