from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import JobPost, PostEvent, WordingRule


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Administrators tune the N17 rule list here; patterns are checked as regular expressions."""

    list_display = ("pattern", "kind", "category", "clause", "active")
    list_filter = ("kind", "category", "active")
    search_fields = ("pattern", "explanation", "suggestion")
    list_editable = ("active",)


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PostEvent
    extra = 0
    fields = ("at", "actor", "from_status", "to_status", "reason")
    readonly_fields = fields
    can_delete = False


@admin.register(JobPost)
class JobPostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: posts change through the pages (so the N17 check and the audit trail always apply)."""

    list_display = ("title", "organisation", "street", "openings", "urgent", "internship", "status", "deadline")
    list_filter = ("status", "urgent", "internship", "street")
    search_fields = ("title", "organisation__name")
    inlines = [EventInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
