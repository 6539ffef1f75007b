"""The Jinja2 environment of the few compiled templates (issue 11, load).

Django's template language walks a node tree for every ``{{ value }}``; on the calculator's results
(~400 values) and the job search's cards that was most of a request. Those templates are Jinja2
(``<app>/jinja2/``), compiled to Python once per process, and print what Django's templates would,
byte for byte:

* ``{{ value }}`` is escaped as Django escapes (``&quot;`` and ``&#x27;``; MarkupSafe writes quotes
  differently), and numbers and dates are localised as Django's templates localise them;
* ``{% trans %}`` translates through the active language's catalogue, as ``{% translate %}`` does;
* the filters of the Django template libraries in :data:`FILTER_LIBRARIES` keep their names, and
  ``url(name, *args)`` is ``{% url %}`` (kept per process and script prefix).

Views render them with ``render_to_string`` like any template (the name is looked up in the Django
engine first, then here), so a name must exist under one engine only.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.template import engines
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs
from django.utils.translation import trans_real
from jinja2 import Environment
from markupsafe import Markup

#: Django template libraries whose filters Jinja2 templates use under the same names
FILTER_LIBRARIES = ("calculator_tags",)


def printed(value: Any) -> Any:
    """``finalize``: a value as Django's ``{{ value }}`` prints it, before autoescaping."""
    if type(value) is str:  # the common case, and the only one where the two escapers differ
        return Markup(escape(value)) if '"' in value or "'" in value else value
    if isinstance(value, Promise):
        return printed(str(value))
    if isinstance(value, str) or hasattr(value, "__html__"):
        return value  # safe already (SafeString, Markup)
    return printed(str(localize(template_localtime(value))))  # numbers, dates, objects: their text


def gettext(message: str) -> str:
    """``{% translate %}``: the active catalogue's translation (Django's ``gettext`` without its
    per-call lookups; the messages here are literals, never empty)."""
    return trans_real.catalog().gettext(message) if settings.USE_I18N else message


def ngettext(singular: str, plural: str, number: int) -> str:
    if settings.USE_I18N:
        return trans_real.catalog().ngettext(singular, plural, number)
    return translation.ngettext(singular, plural, number)


def url(name: str, *args: Any) -> str:
    """``{% url name arg … %}``, kept per process: a result card's link is reversed once per post, not on
    every request (~25 µs each, 20 a page). The key holds what ``reverse`` reads besides its arguments."""
    return _reversed(name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=4096)
def _reversed(name: str, args: tuple[Any, ...], prefix: str, urlconf: str) -> str:
    return reverse(name, args=args)


def environment(**options: Any) -> Environment:
    options.setdefault("keep_trailing_newline", True)  # as Django's templates
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=printed, **options)
    env.install_gettext_callables(gettext, ngettext)  # type: ignore[attr-defined]
    libraries = engines["django"].engine.template_libraries  # type: ignore[attr-defined]
    for library in FILTER_LIBRARIES:
        env.filters.update(libraries[library].filters)
    env.globals["url"] = url
    return env
