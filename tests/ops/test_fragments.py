"""HTML kept per process: rendered once per name, language and source; the pages that use it are unchanged."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.test import Client, override_settings
from django.utils import translation

from wengang.calculator import views
from wengang.ops.fragments import forget, fragment
from wengang.policy import load_parameters


@pytest.fixture(autouse=True)
def fresh():
    forget()
    yield
    forget()


def counting(html: str) -> tuple[list[int], object]:
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return html

    return calls, render


def test_a_fragment_is_rendered_once_for_the_same_source() -> None:
    calls, render = counting("<p>甲</p>")
    source = object()
    assert fragment("f", render, source=source) == "<p>甲</p>"
    assert fragment("f", render, source=source) == "<p>甲</p>"
    assert len(calls) == 1


def test_a_new_source_renders_it_again() -> None:
    calls, render = counting("<p>乙</p>")
    fragment("f", render, source=object())
    fragment("f", render, source=object())
    assert len(calls) == 2


def test_each_language_has_its_own() -> None:
    with translation.override("zh-hans"):
        assert fragment("f", lambda: "中文") == "中文"
    with translation.override("en"):
        assert fragment("f", lambda: "English") == "English"
    with translation.override("zh-hans"):
        assert fragment("f", lambda: "不会再渲染") == "中文"


@override_settings(DEBUG=True)
def test_nothing_is_kept_in_development() -> None:
    calls, render = counting("<p>丙</p>")
    fragment("f", render)
    fragment("f", render)
    assert len(calls) == 2


def without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_the_calculator_shows_the_same_form_from_the_kept_fields(client: Client) -> None:
    first = client.get("/").content.decode()
    second = Client().get("/").content.decode()
    assert without_token(first) == without_token(second)
    assert len(re.findall(r'<(?:input|select) (?:type="\w+" )?name="(?!csrf)', first)) == 41
    assert 'name="employees" autocomplete="off" inputmode="numeric"' in first
    assert 'value="50"' not in first


@pytest.mark.django_db
def test_the_sample_firm_is_kept_apart_from_the_empty_form(client: Client) -> None:
    client.get("/")
    sample = client.get("/?sample=1").content.decode()
    assert 'name="employees" value="50"' in sample
    assert 'name="employees" value="50"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_posted_form_shows_what_was_posted_not_the_kept_fields(client: Client) -> None:
    client.get("/")
    page = client.post("/", {"employees": "77", "on": "2020-05-01", "variant": "baseline"}).content.decode()
    assert 'name="employees" value="77"' in page


@pytest.mark.django_db
def test_the_parameter_table_follows_the_parameters_read(client: Client, monkeypatch) -> None:
    assert "250,000.00 元" not in client.get("/parameters/").content.decode()
    params = dict(load_parameters())
    param = params["op3_cap_per_person"]
    changed = dataclasses.replace(param.values[0], value=250000)
    params["op3_cap_per_person"] = dataclasses.replace(param, values=(changed, *param.values[1:]))
    monkeypatch.setattr(views, "load_parameters", lambda: params)
    assert "250,000.00 元" in client.get("/parameters/").content.decode()
