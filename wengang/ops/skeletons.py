"""A valid bound form's fields written into HTML rendered once per process (issue 11, load).

The calculator's result page shows its 41 fields again with what was posted. Rendering them through
``cases/_field.html`` and the widget machinery cost ~3 ms a request, yet from one post to the next only
the widgets' values change. So the fields' template is rendered once per process (and language, form
class and ``source``) with a marker where each widget goes — the skeleton — and each widget once with
a marker where its value goes; a request writes its values into those. The result is what the
templates give, byte for byte (``tests/ops/test_skeletons.py`` compares both):

* only a bound form **without errors** is written so: a form with errors (its messages, its
  ``aria-invalid`` fields) is rendered by the templates as before;
* a widget is written from its pieces only if its value is its sole varying part: an ``<input>`` whose
  widget does not override ``get_context`` (text, number, date, …: checked by rendering it with and
  without a marker value), or a single ``<select>`` with a list of choices, kept per selected value
  (at most one copy per choice; choices read from elsewhere, e.g. the job search's streets from the
  cache, are given as ``source`` so that new ones make a new skeleton); any other widget (a
  ``ModelChoiceField``'s queried choices, checkboxes, …) is rendered each time;
* a template that shows a field's value anywhere but in its widget gets no skeleton (the marker
  value would show in it): it is rendered by the templates every time.

Nothing is kept with ``DEBUG`` on (template edits show at once), as in ``fragments.py``.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.forms.widgets import Input
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .renderers import Unusual, _formatted

#: around a field's name where its widget goes in a skeleton; in no template, label or help text
HOLE = "\x00"
#: around a field's name as its submitted value while a skeleton is rendered: must not show in it
VALUE = "\x01"


class _Hole(BoundField):
    """A bound field that renders as a marker where its widget goes."""

    def __str__(self) -> SafeString:
        return mark_safe(f"{HOLE}{self.name}{HOLE}")

    __html__ = __str__


def _unchecked(form: forms.BaseForm, data: dict[str, str], bound_field_class: type[BoundField] | None = None) -> Any:
    """A copy of ``form`` holding ``data``, with no errors (nothing is cleaned)."""
    other: Any = copy.copy(form)
    other.data = data
    other._errors = ErrorDict(renderer=form.renderer)
    other._bound_fields_cache = {}
    if bound_field_class is not None:
        other.bound_field_class = bound_field_class
    return other


Writer = Callable[[BoundField], str | None]


def _input_writer(form: forms.BaseForm, name: str) -> Writer | None:
    """``<input …>`` from two pieces: before and after its ``value`` attribute."""
    marker = f"{VALUE}{name}{VALUE}"
    valued = str(_unchecked(form, {name: marker})[name])
    empty = str(_unchecked(form, {})[name])
    if valued.count(marker) != 1:
        return None
    head, tail = valued.split(marker)
    if not (head.endswith(' value="') and tail.startswith('"')):
        return None
    head, tail = head[: -len(' value="')], tail[1:]
    if empty != head + tail:
        return None

    def write(bf: BoundField) -> str | None:
        value = bf.field.widget.format_value(bf.value())
        if value is None:
            return head + tail
        try:
            return f'{head} value="{_formatted(value)}"{tail}'
        except Unusual:
            return None

    return write


def _select_writer(form: forms.BaseForm, name: str) -> Writer | None:
    """``<select>`` kept per selected value (rendered on its first use); its choices are read once."""
    widget = form.fields[name].widget
    kept: dict[tuple[str, ...], str] = {}
    known = {str(value) for value, _label in widget.choices}

    def write(bf: BoundField) -> str | None:
        selected = tuple(widget.format_value(bf.value()))
        if not set(selected) <= known:
            return None
        html = kept.get(selected)
        if html is None:
            html = kept[selected] = str(bf)
        return html

    return write


def _writer(form: forms.BaseForm, name: str) -> Writer | None:
    formfield = form.fields[name]
    widget = formfield.widget
    if formfield.show_hidden_initial or formfield.localize:
        return None
    if isinstance(widget, forms.Select):
        if type(widget) is not forms.Select:
            return None
        return _select_writer(form, name) if type(widget.choices) is list else None
    if isinstance(widget, Input) and type(widget).get_context is Input.get_context:
        return _input_writer(form, name)
    return None


@dataclass
class Skeleton:
    fields: tuple[str, ...]
    source: object
    #: text, field name, text, field name, …, text; None: this template is rendered every time
    parts: list[str] | None
    writers: dict[str, Writer | None] = field(default_factory=dict)


_kept: dict[tuple[str, type, str, str | None], Skeleton] = {}
_lock = threading.Lock()


def _skeleton(template_name: str, form: forms.BaseForm, context: dict[str, Any], source: object) -> Skeleton:
    names = tuple(form.fields)
    marked = _unchecked(form, {name: f"{VALUE}{name}{VALUE}" for name in names}, _Hole)
    html = render_to_string(template_name, {**context, "form": marked})
    pieces = html.split(HOLE)
    parts: list[str] | None = pieces
    holes = pieces[1::2]
    if len(pieces) % 2 == 0 or VALUE in html.replace(HOLE, "") or not set(holes) <= set(names):
        parts = None  # a value shows outside the widgets, or a marker was cut: no skeleton
    writers = {name: _writer(form, name) for name in set(holes)} if parts is not None else {}
    return Skeleton(names, source, parts, writers)


def bound_fields(template_name: str, form: forms.BaseForm, *, source: object = None, **context: Any) -> SafeString:
    """``render_to_string(template_name, {"form": form, **context})`` for a bound form, written into a
    skeleton kept per process while ``source`` (what the fields are made from) is the same object.
    ``context`` must be the same for every request (it is rendered into the skeleton)."""
    if settings.DEBUG or not form.is_bound or form.errors:
        return mark_safe(render_to_string(template_name, {**context, "form": form}))
    key = (template_name, type(form), get_language() or settings.LANGUAGE_CODE, form.prefix)
    kept = _kept.get(key)
    if kept is None or kept.source is not source or kept.fields != tuple(form.fields):
        kept = _skeleton(template_name, form, context, source)
        with _lock:  # a race builds it twice and keeps one: the same either way
            _kept[key] = kept
    if kept.parts is None:
        return mark_safe(render_to_string(template_name, {**context, "form": form}))
    parts = kept.parts
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        bf = form[parts[i]]
        write = kept.writers[parts[i]]
        html = write(bf) if write is not None else None
        out.append(str(bf) if html is None else html)
        out.append(parts[i + 1])
    return mark_safe("".join(out))


def forget() -> None:
    """Drop every kept skeleton (tests)."""
    with _lock:
        _kept.clear()
