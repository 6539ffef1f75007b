"""办事指南 under /guide/ (names ``guide:…``), public: what each service needs before signing in."""

from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
]
