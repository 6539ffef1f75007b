from django.contrib import admin

from .models import HardshipCategory, WelfarePost


@admin.register(HardshipCategory)
class HardshipCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "evidence_hint", "order", "active")
    list_editable = ("order", "active")


@admin.register(WelfarePost)
class WelfarePostAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "street", "headcount", "monthly_pay", "published")
    list_filter = ("street", "published")
    readonly_fields = ("created_by",)
