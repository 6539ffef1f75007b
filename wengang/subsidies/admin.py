"""Administration: subsidy types (windows, checklists, commitment) are edited here; applications and
their records are shown read-only — they change only through the workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wengang.cases.admin import EventInline, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Application,
    Deficiency,
    Material,
    MaterialRequirement,
    Payment,
    PaymentBatch,
    SubsidyType,
    TrainingLine,
    WorkerLine,
)


class MaterialRequirementInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MaterialRequirement
    extra = 1
    fields = ("order", "name", "description", "required", "essential", "max_pages", "max_megabytes")


@admin.register(SubsidyType)
class SubsidyTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "policy",
        "department",
        "applicant_kind",
        "window_start",
        "window_end",
        "municipal_review",
        "active",
    )
    list_filter = ("active", "department", "municipal_review")
    list_editable = ("window_start", "window_end", "active")
    inlines = (MaterialRequirementInline,)
    fieldsets = (
        (None, {"fields": ("policy", "department", "applicant_kind", "active")}),
        (
            "申请期",
            {
                "fields": ("window_start", "window_end"),
                "description": "留空时按通知规定的申请期（政策参数）；OP4 须在疫情防控期结束后设定开始日才开放申请。",
            },
        ),
        ("审核", {"fields": ("municipal_review", "review_working_days", "deficiency_days")}),
        ("承诺书", {"fields": ("commitment",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # the policy id ties the type to the engine's rules: fixed once created
        return ("policy",) if obj is not None else ()


class MaterialInline(ReadOnlyInline):
    model = Material
    fields = ("requirement", "display_name", "original_name", "pages", "size", "sha256", "uploaded_at")


class DeficiencyInline(ReadOnlyInline):
    model = Deficiency
    fields = ("description", "requirement", "due_date", "reminded_at", "resolved_at")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "organisation",
        "subsidy_type",
        "period_start",
        "period_end",
        "status",
        "claimed_amount",
        "approved_amount",
        "submitted_at",
    )
    list_filter = ("status", "subsidy_type")
    search_fields = ("reference", "organisation__name", "organisation__uscc")
    date_hierarchy = "created_at"
    inlines = (EventInline, DeficiencyInline, MaterialInline)
    list_select_related = ("organisation", "subsidy_type")


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ("display_name", "application", "requirement", "pages", "size", "uploaded_at")
    search_fields = ("display_name", "application__reference", "sha256")


@admin.register(Deficiency)
class DeficiencyAdmin(ReadOnlyAdmin):
    list_display = ("description", "application", "due_date", "resolved_at")
    list_filter = ("resolved_at",)


class RosterLineAdmin(ReadOnlyAdmin):
    """A claim's roster: found by claim or name; the ID number shown masked only."""

    search_fields = ("application__reference", "name")
    exclude = ("id_number",)
    readonly_fields = ("masked_id_number",)


@admin.register(WorkerLine)
class WorkerLineAdmin(RosterLineAdmin):
    list_display = ("name", "masked_id_number", "month", "category", "amount", "application")


@admin.register(TrainingLine)
class TrainingLineAdmin(RosterLineAdmin):
    list_display = ("name", "masked_id_number", "class_hours", "still_employed", "other_subsidy", "application")


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ("reference", "paid_on", "created_by", "created_at")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "application", "batch", "amount")
    search_fields = ("reference", "application__reference")
