"""The dashboard filters, read from the URL (date range, street, industry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from wengang.registry.models import Street

from .dashboard import SECTIONS, Scope


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label="提交日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="提交日期至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    street = forms.ModelChoiceField(label="街乡", queryset=Street.objects.all(), required=False, empty_label="全部")
    industry = forms.ChoiceField(label="行业门类", required=False, choices=[("", "全部"), *SECTIONS.items()])

    def __init__(self, *args: Any, street_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_street_id = street_id
        if street_id is not None:
            # a street office sees its own street only: the choice is not offered
            del self.fields["street"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "截止日期不能早于起始日期")
        return data

    def scope(self) -> Scope:
        """The filters as a scope; invalid input filters nothing (the errors are shown)."""
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        street = data.get("street")
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        return Scope(
            start=start,
            end=end,
            street_id=self.fixed_street_id if self.fixed_street_id is not None else (street.pk if street else None),
            industry=data.get("industry") or "",
        )
