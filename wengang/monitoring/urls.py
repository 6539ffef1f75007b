"""Dashboards under /dashboard/ (names ``monitoring:…``); bureau staff and street offices only."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="dashboard"),
    path("list/<slug:dataset>/", views.listing, name="list"),
    path("<slug:slug>.xlsx", views.export, name="export"),
]
