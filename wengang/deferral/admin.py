"""Administration: the industry authorities and the industries each confirms. Applications and
their changes are read-only here — they change only through the workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from wengang.cases.admin import EventInline, ReadOnlyAdmin

from .models import DeferralApplication, Industry, IndustryAuthority


class IndustryAuthorityForm(forms.ModelForm):  # type: ignore[type-arg]
    industries = forms.MultipleChoiceField(
        label="负责的行业", choices=Industry.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = IndustryAuthority
        fields = ("user", "name", "industries")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["industries"] = self.instance.industry_codes

    def clean_industries(self) -> str:
        return ",".join(self.cleaned_data["industries"])


@admin.register(IndustryAuthority)
class IndustryAuthorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = IndustryAuthorityForm
    list_display = ("name", "user", "industries")


@admin.register(DeferralApplication)
class DeferralApplicationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "organisation", "industry", "status", "filed_on", "decided_on")
    list_filter = ("status", "industry")
    inlines = (EventInline,)
