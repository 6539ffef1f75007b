"""The key-enterprise service under /keyservice/ (namespace ``keyservice``)."""

from django.urls import path

from . import views

app_name = "keyservice"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:pk>/contacts/", views.contact_new, name="contact_new"),
    path("enterprises/<int:pk>/needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/progress/", views.need_progress, name="need_progress"),
    path("needs/<int:pk>/status/<str:to>/", views.need_status, name="need_status"),
    path("needs/<int:pk>/publish/", views.need_publish, name="need_publish"),
]
