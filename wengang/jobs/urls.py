"""The job market under /jobs/ (names ``jobs:…``). Search, detail and poster pages are public."""

from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    *pages(views, "poster", under="<int:pk>/"),
    path("manage/", views.mine, name="mine"),
    path("manage/export.xlsx", views.mine_export, name="mine_export"),
    *pages(views, "new", under="manage/"),
    *pages(views, "edit", "withdraw", under="manage/<int:pk>/"),
    path("import/", views.import_posts, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    *pages(views, "moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("streets/", views.street_counts, name="street_counts"),
    path("api/posts/", views.api_posts, name="api_posts"),
]
