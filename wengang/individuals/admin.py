"""Administration: registrations and claims are read-only here — they change only through the
workflow (``workflow.py``); the person is shown by name, never by ID number."""

from __future__ import annotations

from django.contrib import admin

from wengang.cases.admin import EventInline, ReadOnlyAdmin

from .models import BenefitClaim, UnemploymentRegistration


@admin.register(UnemploymentRegistration)
class UnemploymentRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "person", "street", "status", "filed_on", "registered_on")
    list_filter = ("status", "street")
    inlines = (EventInline,)


@admin.register(BenefitClaim)
class BenefitClaimAdmin(ReadOnlyAdmin):
    list_display = ("reference", "person", "status", "filed_on", "months", "monthly")
    list_filter = ("status",)
    inlines = (EventInline,)
