"""The form renderer writes inputs and selects exactly as Django's own widget templates do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from wengang.calculator.forms import CalculatorForm
from wengang.calculator.sample import SAMPLE_FIRM
from wengang.ops.renderers import INPUT, SELECT, FastWidgetRenderer
from wengang.registry.models import Street
from wengang.subsidies.forms_review import QueueFilterForm

HOSTILE = "\"><script>alert(1)</script>&amp;'<"


def no_templates(*args, **kwargs):
    raise AssertionError("a widget went through the templates")


def widgets(form_class, *args, **kwargs) -> tuple[list[str], list[str]]:
    """Every field's widget, by the templates and by this renderer."""
    by_templates = form_class(*args, renderer=DjangoTemplates(), **kwargs)
    written = form_class(*args, renderer=FastWidgetRenderer(), **kwargs)
    return [str(bf) for bf in by_templates], [str(bf) for bf in written]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="说明")
    number = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(decimal_places=2)
    ratio = forms.FloatField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    mail = forms.EmailField(disabled=True)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "—"), (HOSTILE, HOSTILE), ("b", gettext_lazy("是")), (3, "三")])
    grouped = forms.ChoiceField(choices=[("甲组", [("a", "一"), ("b", "二")]), ("c", "三"), (HOSTILE, [("d", "四")])])
    many = forms.MultipleChoiceField(choices=[("a", "一"), ("b", mark_safe("<b>二</b>"))])
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "一"), ("b", "二")])
    note = forms.CharField(widget=forms.Textarea)
    attrs = forms.CharField(widget=forms.TextInput(attrs={"data-x": HOSTILE, "autofocus": True, "hidden": False}))


def test_the_installed_django_templates_are_the_ones_written_out() -> None:
    writers = FastWidgetRenderer.writers
    assert writers[INPUT].__name__ == "_input" and writers[SELECT].__name__ == "_select"
    assert {
        "django/forms/widgets/text.html",
        "django/forms/widgets/date.html",
        "django/forms/widgets/number.html",
    } <= set(writers)
    assert settings.FORM_RENDERER == "wengang.ops.renderers.FastWidgetRenderer"


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": HOSTILE,
            "number": "12",
            "amount": "1234.50",
            "ratio": "0.5",
            "day": "2020-05-01",
            "mail": "a@b.cn",
            "secret": HOSTILE,
            "hidden": mark_safe("<i>x</i>"),
            "tick": "on",
            "choice": HOSTILE,
            "grouped": "d",
            "many": ["a", "b"],
            "radio": "b",
            "note": HOSTILE,
            "attrs": "x",
        },
        {"number": "-1", "amount": "x", "day": "15.07.2020", "choice": "zz", "grouped": "", "many": ["q"]},
    ],
    ids=["empty", "hostile", "invalid"],
)
def test_every_kind_of_widget_is_written_as_the_templates_write_it(data) -> None:
    initial = {"day": dt.date(2020, 7, 15), "amount": Decimal("15000.00"), "number": 3, "ratio": 0.25}
    by_templates, written = widgets(Everything, data, initial=initial)
    assert written == by_templates
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&#x27;&lt;" in "".join(written)


@pytest.mark.parametrize(
    "data",
    [None, SAMPLE_FIRM | {"on": "2020-05-01", "variant": "baseline"}, {"employees": "-3", "on": "bad", "variant": "?"}],
    ids=["empty", "sample", "invalid"],
)
def test_the_calculator_form_is_written_as_the_templates_write_it(data, monkeypatch) -> None:
    by_templates, written = widgets(CalculatorForm, data)
    assert written == by_templates
    assert len(written) == 41
    monkeypatch.setattr(DjangoTemplates, "render", no_templates)
    assert [str(bf) for bf in CalculatorForm(data, renderer=FastWidgetRenderer())] == written


@pytest.mark.django_db
def test_the_reviewer_queue_filter_is_written_as_the_templates_write_it(monkeypatch) -> None:
    street = Street.objects.create(name="\"><b>街&'<", kind=Street.Kind.STREET)
    data = {"street": str(street.pk), "status": "submitted", "q": HOSTILE, "subsidy": "OP3"}
    by_templates, written = widgets(QueueFilterForm, data)
    assert written == by_templates
    monkeypatch.setattr(DjangoTemplates, "render", no_templates)
    assert [str(bf) for bf in QueueFilterForm(data, renderer=FastWidgetRenderer())] == written
    assert f'<option value="{street.pk}" selected>&quot;&gt;&lt;b&gt;街&amp;&#x27;&lt;街道</option>' in written[3]
