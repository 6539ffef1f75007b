"""Screening (主动筛查) for staff and the firms' 免申即享 offers, under /screening/."""

from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/files/<str:name>", views.download, name="download"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("offers/<int:pk>/confirm/", views.offer_confirm, name="offer_confirm"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
]
