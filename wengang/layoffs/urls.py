"""Layoff reports under /layoffs/ (names ``layoffs:…``); /layoffs/verify/ is public."""

from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "layoffs"

urlpatterns = [
    path("", views.report_list, name="list"),
    *pages(views, "new", view_prefix="report_"),
    path("export.xlsx", views.report_export, name="export"),
    path("template.xlsx", views.list_template, name="template"),
    *pages(views, "verify", "warning"),
    path("<int:pk>/", views.report_detail, name="detail"),
    *pages(views, "check", "submit", "accept", "return", under="<int:pk>/", view_prefix="report_"),
    path("<int:pk>/list/", views.list_upload, name="list_upload"),
    path("<int:pk>/materials/<int:item>/", views.material_upload, name="material_upload"),
    path("<int:pk>/files/<int:item>/", views.material_file, name="material_file"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
]
