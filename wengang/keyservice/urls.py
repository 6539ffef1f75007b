"""The key-enterprise service under /keyservice/ (namespace ``keyservice``)."""

from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "keyservice"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:pk>/contacts/", views.contact_new, name="contact_new"),
    path("enterprises/<int:pk>/needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    *pages(views, "progress", "publish", under="needs/<int:pk>/", view_prefix="need_", name_prefix="need_"),
    path("needs/<int:pk>/status/<str:to>/", views.need_status, name="need_status"),
]
