"""A valid bound form's fields written into a skeleton kept per process: the same HTML as the templates."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from wengang.calculator.forms import CalculatorForm
from wengang.calculator.sample import SAMPLE_FIRM
from wengang.ops import skeletons
from wengang.ops.renderers import FastWidgetRenderer
from wengang.ops.skeletons import bound_fields
from wengang.policy.fields import ENTERPRISE_FIELDS

FIELDS = "calculator/_fields.html"
SAMPLE = SAMPLE_FIRM | {"on": "2020-05-01", "variant": "baseline"}
HOSTILE = "\"><script>alert(1)</script>&amp;'<"

VALID = {
    "eligible": SAMPLE,
    "ineligible": SAMPLE | {"serious_dishonesty": "true", "ui_paid_months": "3", "state_owned": "true"},
    "unknown": {"on": "2020-05-01", "variant": "baseline"},
    "hostile text": SAMPLE | {"name": HOSTILE, "street": "甲\x01乙", "uscc": f" {SAMPLE_FIRM['uscc']}  "},
    "other variant": SAMPLE | {"variant": list(CalculatorForm.base_fields["variant"].choices)[-1][0]},
    "no date": {k: v for k, v in SAMPLE.items() if k != "on"},
}
INVALID = {
    "letters for a number": SAMPLE | {"employees": "五十", "revenue_2019": "1,234"},
    "not a yes-no answer": SAMPLE | {"state_owned": "maybe"},
    "no such date": SAMPLE | {"on": "2020-13-45"},
    "no variant": {k: v for k, v in SAMPLE.items() if k != "variant"},
}


@pytest.fixture(autouse=True)
def fresh():
    skeletons.forget()
    with translation.override("zh-hans"):
        yield
    skeletons.forget()


def by_templates(form: forms.BaseForm) -> str:
    return render_to_string(FIELDS, {"form": form})


def checked(data: dict[str, str]) -> CalculatorForm:
    form = CalculatorForm(data)
    form.is_valid()
    return form


@pytest.mark.parametrize("name", VALID)
def test_a_valid_form_reads_as_the_templates_write_it(name: str) -> None:
    bound_fields(FIELDS, checked(SAMPLE), source=ENTERPRISE_FIELDS)  # the skeleton, from another post
    form = checked(VALID[name])
    assert not form.errors
    assert bound_fields(FIELDS, form, source=ENTERPRISE_FIELDS) == by_templates(form)


def test_the_posted_values_are_shown_escaped() -> None:
    html = bound_fields(FIELDS, checked(VALID["hostile text"]), source=ENTERPRISE_FIELDS)
    assert 'name="name" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&#x27;&lt;"' in html
    assert "<script>" not in html
    assert '<option value="true" selected>是</option>' in html  # the sample's stabilisation_measures


@pytest.mark.parametrize("name", INVALID)
def test_a_form_with_errors_is_rendered_by_the_templates_with_what_was_posted(name: str) -> None:
    bound_fields(FIELDS, checked(SAMPLE), source=ENTERPRISE_FIELDS)
    form = checked(INVALID[name])
    assert form.errors
    html = bound_fields(FIELDS, form, source=ENTERPRISE_FIELDS)
    assert html == by_templates(form)
    assert 'class="field__error"' in html and "错误：" in html


def test_letters_for_a_number_keep_the_letters_and_say_why_in_chinese() -> None:
    html = bound_fields(FIELDS, checked(INVALID["letters for a number"]), source=ENTERPRISE_FIELDS)
    assert 'name="employees" value="五十"' in html
    assert 'aria-invalid="true"' in html


def test_after_the_first_post_no_widget_or_field_template_is_rendered(monkeypatch) -> None:
    bound_fields(FIELDS, checked(SAMPLE), source=ENTERPRISE_FIELDS)
    for data in VALID.values():  # every select value the calculator offers has been seen once
        bound_fields(FIELDS, checked(data), source=ENTERPRISE_FIELDS)

    def fail(*args, **kwargs):
        raise AssertionError("rendered by the templates")

    monkeypatch.setattr(skeletons, "render_to_string", fail)
    monkeypatch.setattr(FastWidgetRenderer, "render", fail)
    form = checked(SAMPLE | {"employees": "77", "state_owned": "false"})
    html = bound_fields(FIELDS, form, source=ENTERPRISE_FIELDS)
    assert 'name="employees" value="77"' in html
    assert '<option value="false" selected>否</option>' in html


def test_every_calculator_widget_is_written_from_its_pieces() -> None:
    bound_fields(FIELDS, checked(SAMPLE), source=ENTERPRISE_FIELDS)
    (kept,) = skeletons._kept.values()
    assert kept.parts is not None
    assert len(kept.writers) == 41 and all(kept.writers.values())


def test_a_new_source_builds_a_new_skeleton() -> None:
    form = checked(SAMPLE)
    bound_fields(FIELDS, form, source=ENTERPRISE_FIELDS)
    first = next(iter(skeletons._kept.values()))
    bound_fields(FIELDS, form, source=object())
    assert next(iter(skeletons._kept.values())) is not first


@override_settings(DEBUG=True)
def test_nothing_is_kept_in_development() -> None:
    form = checked(SAMPLE)
    assert bound_fields(FIELDS, form, source=ENTERPRISE_FIELDS) == by_templates(form)
    assert not skeletons._kept


class Shown(forms.Form):
    """A form whose template shows a value outside its widget (a summary line)."""

    title = forms.CharField(required=False)
    kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])
    agree = forms.BooleanField(required=False)


SHOWN = "{% for field in form %}<p>{{ field.label }}：{{ field }}</p>{% endfor %}"
SUMMARY = SHOWN + "<p>{{ form.title.value }}</p>"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"shown.html": SHOWN, "summary.html": SUMMARY})]
        },
    }
]


@override_settings(TEMPLATES=TEMPLATES)
def test_a_value_shown_outside_its_widget_gets_no_skeleton() -> None:
    first, second = Shown({"title": "一", "kind": "a"}), Shown({"title": "二", "kind": "b"})
    assert first.is_valid() and second.is_valid()
    assert bound_fields("summary.html", first) == render_to_string("summary.html", {"form": first})
    assert bound_fields("summary.html", second) == render_to_string("summary.html", {"form": second})
    assert "<p>二</p>" in bound_fields("summary.html", second)
    assert skeletons._kept[("summary.html", Shown, "zh-hans", None)].parts is None


@override_settings(TEMPLATES=TEMPLATES)
def test_a_checkbox_is_rendered_each_time_and_a_choice_outside_the_list_too() -> None:
    for data in ({"title": "一", "kind": "a", "agree": "on"}, {"title": "", "kind": "b"}):
        form = Shown(data)
        assert form.is_valid()
        assert bound_fields("shown.html", form) == render_to_string("shown.html", {"form": form})
    writers = skeletons._kept[("shown.html", Shown, "zh-hans", None)].writers
    assert writers["agree"] is None and writers["title"] is not None and writers["kind"] is not None
    assert writers["kind"](Shown({"kind": "z"})["kind"]) is None  # not a choice: the templates render it


@pytest.mark.django_db
def test_choices_kept_elsewhere_are_the_skeletons_source_and_a_renamed_street_shows() -> None:
    """The job search's streets come from the shared cache (registry/streets.py), one object while they
    are the same: given as ``source``, the kept select is dropped when they change."""
    from wengang.jobs.forms import SearchForm
    from wengang.registry.models import Street

    street = Street.objects.create(name="测试", kind=Street.Kind.STREET)
    fields = "jobs/_search_fields.html"
    for data in ({"q": "司机"}, {"q": "收银", "street": str(street.pk)}, {"q": "收银", "street": str(street.pk)}):
        form = SearchForm(data)
        assert form.is_valid()
        assert bound_fields(fields, form, source=form.street_choices) == render_to_string(fields, {"form": form})
    street.name = "改名"
    street.save()
    form = SearchForm({"street": str(street.pk)})
    assert form.is_valid()
    html = bound_fields(fields, form, source=form.street_choices)
    assert f'<option value="{street.pk}" selected>改名街道</option>' in html
    assert html == render_to_string(fields, {"form": form})
