"""The job market under /jobs/ (names ``jobs:…``). Search, detail and poster pages are public."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("manage/", views.mine, name="mine"),
    path("manage/export.xlsx", views.mine_export, name="mine_export"),
    path("manage/new/", views.new, name="new"),
    path("manage/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("import/", views.import_posts, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("streets/", views.street_counts, name="street_counts"),
    path("api/posts/", views.api_posts, name="api_posts"),
]
