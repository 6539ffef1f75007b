"""Permits under /permits/ (namespace ``permits``); the public 双公示 page needs no sign-in."""

from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "permits"

urlpatterns = [
    path("", views.case_list, name="list"),
    *pages(views, "new", view_prefix="case_"),
    path("export.xlsx", views.case_export, name="export"),
    path("public/", views.public_list, name="public"),
    path("emails/", views.email_list, name="emails"),
    path("pickup/", views.pickup_batches, name="pickup_batches"),
    path("<int:pk>/", views.case_detail, name="detail"),
    *pages(views, "paper", "pickup", under="<int:pk>/", view_prefix="case_"),
    path("<int:pk>/materials/", views.case_material_upload, name="material_upload"),
    path("<int:pk>/files/<int:material_pk>/", views.case_material_file, name="material_file"),
    path("<int:pk>/act/<str:action>/", views.case_act, name="act"),
]
