from django.contrib import admin

from .models import ContactEntry, Need, NeedProgress, Publication


class ProgressInline(admin.TabularInline):  # type: ignore[type-arg]
    model = NeedProgress
    extra = 0
    readonly_fields = ("on", "filled_before", "filled", "note", "recorded_by")
    can_delete = False


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organisation", "post", "count", "filled", "deadline", "street", "status")
    list_filter = ("status", "street")
    search_fields = ("organisation__name", "post")
    inlines = [ProgressInline]
    readonly_fields = ("status", "filled")


@admin.register(ContactEntry)
class ContactEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organisation", "on", "channel", "contact_person", "follow_up_on", "responsible", "reminded_at")
    list_filter = ("channel",)
    search_fields = ("organisation__name", "contact_person")


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("need", "published_by", "published_at")
    filter_horizontal = ("agencies", "streets", "recipients")
