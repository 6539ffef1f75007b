from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "accounts"

urlpatterns = [path("", views.portal, name="portal"), *pages(views, "login", "logout", "totp")]
