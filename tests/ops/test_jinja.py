"""The compiled (Jinja2) templates print values, translations and filters as Django's templates do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

VALUES = [
    "plain 中文",
    "\"><script>alert(1)</script>&amp;'<",
    "it's",
    'say "hi"',
    mark_safe("<b>safe</b>"),
    gettext_lazy("是"),
    5,
    -12345,
    Decimal("1.50"),
    Decimal("1E+3"),
    1.25,
    dt.date(2020, 5, 1),
    None,
    True,
]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_prints_as_in_django_templates(value) -> None:
    jinja = engines["jinja2"].from_string("[{{ value }}]").render({"value": value})
    django = engines["django"].from_string("[{{ value }}]").render({"value": value})
    assert jinja == django


def test_the_calculator_filters_keep_their_names() -> None:
    template = engines["jinja2"].from_string(
        "{{ amount|yuan }} {{ status|param_status }} {{ 'x'|param_source('unconfirmed') }}"
    )
    assert template.render({"amount": Decimal("1234.5"), "status": "confirmed"}) == "1,234.50 元 已确认 待主管部门确认"


def test_trans_and_plurals_give_the_text() -> None:
    template = engines["jinja2"].from_string(
        "{% trans %}计算结果{% endtrans %}：{% trans counter=n %}有 {{ counter }} 项{% pluralize %}有 {{ counter }} 项{% endtrans %}"
    )
    assert template.render({"n": 3}) == "计算结果：有 3 项"


def test_url_is_the_url_tag() -> None:
    assert engines["jinja2"].from_string("{{ url('jobs:detail', 7) }}").render({}) == "/jobs/7/"


def test_a_kept_url_follows_the_script_prefix() -> None:
    from django.urls import get_script_prefix, set_script_prefix

    template = engines["jinja2"].from_string("{{ url('jobs:detail', 7) }}")
    assert template.render({}) == "/jobs/7/"
    before = get_script_prefix()
    set_script_prefix("/wengang/")
    try:
        assert template.render({}) == "/wengang/jobs/7/"
    finally:
        set_script_prefix(before)
    assert template.render({}) == "/jobs/7/"
