from django.contrib import admin

from .models import Agreement


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "graduate_name", "employer", "school", "status", "offered_on", "signed_on")
    list_filter = ("status",)
    exclude = ("id_number",)
    readonly_fields = ("masked_id_number", "status", "graduate", "employer", "school", "offered_by")
    search_fields = ("graduate_name", "employer__name", "school__name")
