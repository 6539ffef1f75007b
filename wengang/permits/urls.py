"""Permits under /permits/ (namespace ``permits``); the public 双公示 page needs no sign-in."""

from django.urls import path

from . import views

app_name = "permits"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.xlsx", views.case_export, name="export"),
    path("public/", views.public_list, name="public"),
    path("emails/", views.email_list, name="emails"),
    path("pickup/", views.pickup_batches, name="pickup_batches"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/materials/", views.case_material_upload, name="material_upload"),
    path("<int:pk>/files/<int:material_pk>/", views.case_material_file, name="material_file"),
    path("<int:pk>/paper/", views.case_paper, name="paper"),
    path("<int:pk>/act/<str:action>/", views.case_act, name="act"),
    path("<int:pk>/pickup/", views.case_pickup, name="pickup"),
]
