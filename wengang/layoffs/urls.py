"""Layoff reports under /layoffs/ (names ``layoffs:…``); /layoffs/verify/ is public."""

from django.urls import path

from . import views

app_name = "layoffs"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("export.xlsx", views.report_export, name="export"),
    path("template.xlsx", views.list_template, name="template"),
    path("verify/", views.verify, name="verify"),
    path("warning/", views.warning, name="warning"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/check/", views.report_check, name="check"),
    path("<int:pk>/list/", views.list_upload, name="list_upload"),
    path("<int:pk>/materials/<int:item>/", views.material_upload, name="material_upload"),
    path("<int:pk>/files/<int:item>/", views.material_file, name="material_file"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/accept/", views.report_accept, name="accept"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
]
