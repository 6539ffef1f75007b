"""An invalid form names each error next to its field and links the two (issue 12): the input is
``aria-invalid`` and described by its error text, and the summary at the top links to the input."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    name = forms.CharField(label="单位名称", help_text="与营业执照一致")
    kind = forms.ChoiceField(label="申请类型", choices=[("a", "首次"), ("b", "补正")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="本单位已阅读并同意以上承诺")
    note = forms.CharField(label="备注", required=False)


def rendered(form: forms.Form) -> str:
    fields = "".join(render_to_string("cases/_field.html", {"field": field}) for field in form)
    return render_to_string("cases/_errors.html", {"form": form}) + fields


def tag(html: str, element_id: str) -> str:
    match = re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def test_each_invalid_input_is_marked_and_described_by_its_error() -> None:
    html = rendered(Sample(data={}))
    name = tag(html, "id_name")
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert '<p class="field__error" id="id_name_error">错误：这个字段是必填项。</p>' in html
    agree = tag(html, "id_agree")
    assert 'aria-invalid="true"' in agree and 'aria-describedby="id_agree_error"' in agree
    # a radio group: each choice is invalid, the group's fieldset is described by the error
    assert 'aria-invalid="true"' in tag(html, "id_kind_0")
    assert '<fieldset class="field field--group field--error" aria-describedby="id_kind_error">' in html
    # a valid field is neither
    assert "aria-invalid" not in tag(html, "id_note") and "aria-describedby" not in tag(html, "id_note")


def test_the_summary_links_to_each_invalid_field() -> None:
    html = rendered(Sample(data={"note": "x"}))
    summary = html[: html.index("</div>")]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("id_name", "单位名称：这个字段是必填项。"),
        ("id_kind_0", "申请类型：这个字段是必填项。"),
        ("id_agree", "本单位已阅读并同意以上承诺：这个字段是必填项。"),
    ]
    assert 'role="alert"' in summary


def test_a_valid_form_has_no_summary_and_no_marks() -> None:
    html = rendered(Sample(data={"name": "北京智图", "kind": "a", "agree": "on"}))
    assert "error-summary" not in html and "aria-invalid" not in html and "field__error" not in html
