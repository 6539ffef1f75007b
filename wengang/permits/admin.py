from django.contrib import admin

from wengang.cases.admin import EventInline

from .models import (
    OrganisationEmail,
    PermitCase,
    PermitEmail,
    PermitMaterial,
    PermitRequirement,
    PermitType,
    PickupAppointment,
    PickupBatch,
)


class PermitRequirementInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PermitRequirement
    extra = 1


@admin.register(PermitType)
class PermitTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "kind", "action", "intake_mailbox", "active", "order")
    list_editable = ("active", "order")
    inlines = [PermitRequirementInline]


@admin.register(OrganisationEmail)
class OrganisationEmailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "organisation")
    search_fields = ("email", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(PermitCase)
class PermitCaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "organisation", "permit_type", "status", "channel", "permit_number", "submitted_at")
    list_filter = ("status", "permit_type", "channel")
    search_fields = ("reference", "organisation__name", "permit_number")
    # the status moves only through the workflow service
    readonly_fields = ("status", "reference", "organisation", "permit_type", "channel", "submitted_at")
    inlines = [EventInline]


@admin.register(PermitEmail)
class PermitEmailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subject", "sender", "outcome", "case", "imported_at")
    list_filter = ("outcome",)
    search_fields = ("subject", "sender", "message_id")
    readonly_fields = [f.name for f in PermitEmail._meta.fields]


admin.site.register(PermitMaterial)
admin.site.register(PickupBatch)
admin.site.register(PickupAppointment)
