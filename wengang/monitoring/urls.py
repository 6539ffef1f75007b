"""Dashboards under /dashboard/ (names ``monitoring:…``); bureau staff and street offices only."""

from django.urls import path

from . import views, views_warning

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="dashboard"),
    path("list/<slug:dataset>/", views.listing, name="list"),
    path("<slug:slug>.xlsx", views.export, name="export"),
    path("warning/", views_warning.index, name="warning"),
    path("warning/alerts/<int:pk>/", views_warning.alert_detail, name="warning_alert"),
    path("warning/alerts/<int:pk>/move/<str:to>/", views_warning.alert_move, name="warning_move"),
    path("warning/alerts/<int:pk>/measures/", views_warning.alert_measure, name="warning_measure"),
    path("warning/import/", views_warning.monthly_import, name="warning_import"),
    path("warning/import/template.<str:fmt>", views_warning.monthly_template, name="warning_template"),
    path("warning/import/<int:pk>/", views_warning.monthly_import_job, name="warning_import_job"),
]
