from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: notices are written on /notices/manage/, where the rich text is sanitised."""

    list_display = ("title", "kind", "publish_on", "expires_on", "withdrawn")
    list_filter = ("kind", "withdrawn")
    readonly_fields = ("kind", "title", "body", "publish_on", "expires_on", "author")
