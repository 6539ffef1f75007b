"""The form renderer: Django's templates, with the commonest widgets written out in Python (issue 11, load).

Rendering a form field through Django's widget templates costs several template includes per field and
per ``<option>``: half the time of the calculator's result page (~40 fields) and much of the reviewer
queue (a street list of 43 options). ``<input>``, ``<select>`` and ``<option>`` are written here
directly, byte for byte as Django's own templates write them (``tests/ops/test_renderers.py`` compares
both on every form of the site and on hostile values). Anything unusual (a callable value, a label
that is not text, a Django whose templates read differently) goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import django.forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
INPUT = WIDGETS + "input.html"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
#: the templates as this code writes them out; checked against the installed Django's at start
EXPECTED = {
    INPUT: '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} value="{{ widget.value|stringformat:\'s\' }}"{% endif %}{% include "django/forms/widgets/attrs.html" %}>',
    SELECT: '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}\n</select>',
    OPTION: '<option value="{{ widget.value|stringformat:\'s\' }}"{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>',
    WIDGETS
    + "attrs.html": "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}",
}
#: values the templates print as ``str(value)`` (no callables, no localised numbers or dates); a model
#: choice's value is its primary key (or ``to_field``) wrapped
PLAIN = (str, int, float, Decimal, Promise, ModelChoiceIteratorValue)


class Unusual(Exception):
    """A widget this module does not write out: the templates render it."""


def _text(value: Any) -> str:
    """``{{ value }}`` for text."""
    if not isinstance(value, str | Promise):
        raise Unusual
    return conditional_escape(str(value))  # str() keeps a SafeString safe


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: str() of the value, escaped unless it was marked safe."""
    if not isinstance(value, PLAIN) or isinstance(value, bool):
        raise Unusual
    text = str(value)  # what "%s" gives for these types
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(" " + _text(name))
            if value is not True:
                out.append('="' + _formatted(value) + '"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else ' value="' + _formatted(value) + '"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _option(option: Mapping[str, Any]) -> str:
    if option["template_name"] != OPTION:
        raise Unusual
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget: Mapping[str, Any]) -> str:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        out.extend("\n  " + _option(option) for option in group_choices)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _writers() -> dict[str, Callable[[Mapping[str, Any]], str]]:
    """The widget templates written out here: input.html, every template that only includes it
    (text, date, number, …), and select.html — if the installed Django's read as expected."""
    folder = Path(django.forms.__file__).parent / "templates"
    source = {name: (folder / name).read_text(encoding="utf-8").strip() for name in EXPECTED}
    if source != EXPECTED:
        return {}
    writers: dict[str, Callable[[Mapping[str, Any]], str]] = {INPUT: _input, SELECT: _select}
    for path in (folder / WIDGETS).glob("*.html"):
        if path.read_text(encoding="utf-8").strip() == f'{{% include "{INPUT}" %}}':
            writers[WIDGETS + path.name] = _input
    return writers


class FastWidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's template renderer, with inputs and selects written out in Python."""

    writers = _writers()

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = self.writers.get(template_name)
        if write is not None:
            try:
                return write(context["widget"])
            except Unusual:
                pass
        return str(super().render(template_name, context, request))
