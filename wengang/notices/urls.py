from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachments/<int:item>/", views.attachment, name="attachment"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.new, name="new"),
    path("manage/<int:pk>/", views.edit, name="edit"),
]
