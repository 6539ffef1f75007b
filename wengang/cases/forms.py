"""What every app's forms share: errors tied to their inputs, and the resident ID number input.

Pages draw each field with ``cases/_field.html`` and the summary with ``cases/_errors.html``;
:class:`AccessibleErrorsMixin` gives both what they need.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wengang.registry.validators import id_number_ok


class ErrorListMixin:
    def error_list(self) -> list[tuple[forms.BoundField, str]]:
        """Each field error with its field, in form order, for the error summary (``cases/_errors.html``)."""
        form: Any = self
        return [(bf, str(message)) for bf in form for message in bf.errors]


class AccessibleErrorsMixin(ErrorListMixin):
    """Points each invalid input at its error text (aria-describedby) and lists errors in order."""

    def full_clean(self) -> None:
        form: Any = self
        super().full_clean()  # type: ignore[misc]
        for name, field in form.fields.items():
            if name in form.errors:
                bound = form[name]
                described = [f"{bound.auto_id}_error"]
                if field.help_text:
                    described.append(f"{bound.auto_id}_helptext")
                field.widget.attrs["aria-describedby"] = " ".join(described)
                field.widget.attrs["aria-invalid"] = "true"


class AccessibleForm(AccessibleErrorsMixin, forms.Form):
    """A form whose errors are tied to their inputs (``cases/_field.html``)."""


class CommentForm(AccessibleForm):
    """The reason or remark sent with a move (``cases/_actions.html``)."""

    comment = forms.CharField(label="理由或说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IdNumberField(forms.CharField):
    """A resident ID number, checked (birth date and check character) and kept in capitals."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_length=18,
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
            ),
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value) or "").replace(" ", "").upper()

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not id_number_ok(value):
            raise ValidationError("不是有效的居民身份证号码（18位，出生日期或校验位不符）")
