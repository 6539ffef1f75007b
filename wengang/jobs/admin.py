from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wengang.cases.admin import EventInline

from .models import JobPost, WordingRule


@admin.register(WordingRule)
class WordingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Administrators tune the N17 rule list here; patterns are checked as regular expressions.
    “例外” rules mask legitimate or inclusive wording before the others run; after a change,
    ``manage.py wording_report`` measures the list on the labelled corpus."""

    list_display = ("pattern_start", "kind", "category", "clause", "active")
    list_filter = ("kind", "category", "active")
    search_fields = ("pattern", "explanation", "suggestion")
    list_editable = ("active",)

    @admin.display(description="匹配用语", ordering="pattern")
    def pattern_start(self, rule: WordingRule) -> str:
        return rule.pattern if len(rule.pattern) <= 80 else rule.pattern[:80] + "…"


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
