"""就业援助 under /assistance/ (names ``assistance:…``)."""

from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("export/<slug:which>.xlsx", views.export, name="export"),
    path("certifications/<int:pk>/", views.certification, name="certification"),
    path("certifications/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("certifications/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("certifications/<int:pk>/move/<str:to>/", views.certification_move, name="certification_move"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/move/<str:to>/", views.claim_move, name="claim_move"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post, name="post"),
    path("posts/<int:pk>/place/", views.place, name="place"),
    path("posts/<int:pk>/publish/", views.post_publish, name="post_publish"),
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("placements/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("placements/<int:pk>/move/<str:to>/", views.placement_move, name="placement_move"),
]
