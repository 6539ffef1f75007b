"""Candidates, placements (OP4) and internship bases under /placements/ (namespace ``placements``);
the internship post list for graduates needs no sign-in."""

from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.placement_list, name="list"),
    *pages(views, "new", view_prefix="placement_"),
    path("export.xlsx", views.placement_export, name="export"),
    path("claim/", views.op4_claim, name="claim"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    *pages(views, "proof", under="<int:pk>/", view_prefix="placement_"),
    path("<int:pk>/move/<str:to>/", views.placement_act, name="move"),
    path("candidates/", views.candidacy_list, name="candidates"),
    path("candidates/<int:pk>/move/<str:to>/", views.candidacy_act, name="candidacy_move"),
    path("posts/<int:post_pk>/", views.post_candidates, name="post"),
    *pages(views, "apply", "recommend", under="posts/<int:post_pk>/", view_prefix="post_"),
    path("bases/", views.base_list, name="bases"),
    path("bases/apply/", views.base_new, name="base_new"),
    path("bases/<int:pk>/", views.base_detail, name="base"),
    path("bases/<int:pk>/move/<str:to>/", views.base_act, name="base_move"),
    path("internships/", views.internship_list, name="internships"),
]
