from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("wengang.accounts.urls")),
    path("hall/", include("wengang.subsidies.urls")),
    path("", include("wengang.calculator.urls")),
]
