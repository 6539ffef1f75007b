from django.contrib import admin

from wengang.cases.admin import EventInline, ReadOnlyInline

from .models import LayoffListLine, LayoffMaterial, LayoffReport


class LineInline(ReadOnlyInline):
    model = LayoffListLine
    fields = ("row", "name", "hukou", "post", "contract_start", "contract_end")


class MaterialInline(ReadOnlyInline):
    model = LayoffMaterial
    fields = ("item", "display_name", "pages", "uploaded_at")


@admin.register(LayoffReport)
class LayoffReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: reports change only through the workflow service."""

    list_display = ("organisation", "status", "layoffs", "report_date", "receipt_number")
    list_filter = ("status",)
    search_fields = ("organisation__name", "receipt_number")
    readonly_fields = [f.name for f in LayoffReport._meta.fields]
    inlines = [LineInline, MaterialInline, EventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
