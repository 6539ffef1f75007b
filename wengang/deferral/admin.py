"""Administration: the industry authorities and the industries each confirms. Applications and
their changes are read-only here — they change only through the workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from wengang.cases.admin import EventInline

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


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DeferralApplication)
class DeferralApplicationAdmin(ReadOnly):
    list_display = ("reference", "organisation", "industry", "status", "filed_on", "decided_on")
    list_filter = ("status", "industry")
    inlines = (EventInline,)
