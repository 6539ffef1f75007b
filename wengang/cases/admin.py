"""Administration of the case records: shown read-only — they change only through the workflow.

``ReadOnlyAdmin`` and ``ReadOnlyInline`` are what every app's admin uses for its workflow records
(cases, their materials, lines and logs), so "nobody edits this here" is written once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from .models import CaseEvent, Notification


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records of a workflow: visible to administrators, changed only by the services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyRows:
    """An inline whose rows are shown, never added, changed or deleted: every listed field is read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return getattr(self, "fields", None) or ()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(_ReadOnlyRows, admin.TabularInline):  # type: ignore[type-arg]
    """A case's materials, lines or log entries on its admin page."""


class EventInline(_ReadOnlyRows, GenericTabularInline):
    """A case's 办理记录 on its admin page."""

    model = CaseEvent
    fields = ("at", "actor", "from_status", "to_status", "move", "reason")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("content_type", "object_id", "at", "actor", "from_status", "to_status", "move")
    list_filter = ("content_type", "to_status")
    search_fields = ("reason", "move")
    list_select_related = ("content_type", "actor")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "user", "created_at", "read_at", "emailed_at")
    search_fields = ("title", "user__username")
