"""Candidates, placements (OP4) and internship bases under /placements/ (namespace ``placements``);
the internship post list for graduates needs no sign-in."""

from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("new/", views.placement_new, name="new"),
    path("export.xlsx", views.placement_export, name="export"),
    path("claim/", views.op4_claim, name="claim"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/proof/", views.placement_proof, name="proof"),
    path("<int:pk>/move/<str:to>/", views.placement_act, name="move"),
    path("candidates/", views.candidacy_list, name="candidates"),
    path("posts/<int:post_pk>/", views.post_candidates, name="post"),
    path("posts/<int:post_pk>/apply/", views.post_apply, name="apply"),
    path("posts/<int:post_pk>/recommend/", views.post_recommend, name="recommend"),
    path("candidates/<int:pk>/move/<str:to>/", views.candidacy_act, name="candidacy_move"),
    path("bases/", views.base_list, name="bases"),
    path("bases/apply/", views.base_new, name="base_new"),
    path("bases/<int:pk>/", views.base_detail, name="base"),
    path("bases/<int:pk>/move/<str:to>/", views.base_act, name="base_move"),
    path("internships/", views.internship_list, name="internships"),
]
