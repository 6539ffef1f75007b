from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wengang import clock

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Keys are created by the organisations' users on their portal (shown once); staff here only
    see them and revoke them."""

    list_display = ("name", "prefix", "organisation", "role", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("name", "prefix", "organisation__name", "user__username")
    readonly_fields = ("user", "organisation", "role", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="吊销所选密钥")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=clock.now())
        self.message_user(request, f"已吊销 {count} 个密钥")
