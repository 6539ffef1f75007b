"""The applicant's service hall, under /hall/apply/ (names ``subsidies:apply_…``), and the
notification inbox of every signed-in user (``subsidies:notifications``)."""

from django.urls import path

from wengang.accounts import inbox_views
from wengang.cases.routes import pages

from .views import apply

urlpatterns = [
    path("", apply.apply_list, name="apply_list"),
    path("new/<str:policy>/", apply.apply_new, name="apply_new"),
    path("template/<str:policy>.xlsx", apply.apply_roster_template, name="apply_roster_template"),
    path("<int:pk>/", apply.apply_detail, name="apply_detail"),
    *pages(
        apply, "edit", "autosave", "roster", "withdraw", under="<int:pk>/", view_prefix="apply_", name_prefix="apply_"
    ),
    path("<int:pk>/materials/<int:requirement_pk>/", apply.apply_material_upload, name="apply_material_upload"),
    path("<int:pk>/files/<int:material_pk>/", apply.apply_material_file, name="apply_material_file"),
    path("<int:pk>/files/<int:material_pk>/delete/", apply.apply_material_delete, name="apply_material_delete"),
    path("<int:pk>/deficiencies/<int:deficiency_pk>/", apply.apply_supply, name="apply_supply"),
    path("notifications/", inbox_views.notifications, name="notifications"),
    path("notifications/read/", inbox_views.mark_read, name="apply_notifications_read"),
    path("notifications/<int:pk>/read/", inbox_views.mark_read, name="apply_notification_read"),
]
