from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("totp/", views.totp, name="totp"),
]
