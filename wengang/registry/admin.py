"""Administration of the registry: organisations (enterprises and HR agencies) and streets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from wengang.accounts.models import User
from wengang.accounts.permissions import can_import_registry
from wengang.policy.fields import FIELDS_BY_NAME

from .models import Organisation, Street
from .views import registry_import, registry_import_job


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ("uscc", "name", "kind", "street", "industry_code", "key_category")

    def clean_uscc(self) -> str:
        return str(self.cleaned_data.get("uscc") or "").strip().upper()

    def clean_industry_code(self) -> str:
        return str(self.cleaned_data.get("industry_code") or "").strip().upper()


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = OrganisationForm
    change_list_template = "registry/admin/organisation_change_list.html"
    list_display = ("name", "uscc", "kind", "street", "key_category", "industry_code", "facts_as_of")
    list_filter = ("kind", "key_category", "street")
    list_select_related = ("street",)
    search_fields = ("name", "uscc")
    readonly_fields = ("facts_table", "facts_as_of", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("uscc", "name", "kind", "street", "industry_code", "key_category")}),
        (
            "登记数据",
            {
                "fields": ("facts_as_of", "facts_table"),
                "description": "来自最近一次导入的登记数据，只读；重新导入时整体更新。",
            },
        ),
        ("记录", {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description="登记数据")
    def facts_table(self, obj: Organisation) -> SafeString | str:
        if not obj.facts:
            return "（无）"
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td><code>{}</code></td></tr>',
            ((FIELDS_BY_NAME[k].label if k in FIELDS_BY_NAME else k, v) for k, v in obj.facts.items()),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path("import/", self.admin_site.admin_view(registry_import), name="registry_organisation_import"),
            path(
                "import/<int:pk>/",
                require_safe(self.admin_site.admin_view(registry_import_job)),  # GET only, for everyone
                name="registry_organisation_import_job",
            ),
        ]
        return extra + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        user = request.user
        can_import = isinstance(user, User) and can_import_registry(user)
        return super().changelist_view(request, {**(extra_context or {}), "can_import": can_import})


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
