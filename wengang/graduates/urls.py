from django.urls import path

from . import views

app_name = "graduates"

urlpatterns = [
    path("", views.index, name="index"),
    path("offer/", views.offer, name="offer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/<str:to>/", views.move, name="move"),
    path("<int:pk>/agreement.pdf", views.pdf, name="pdf"),
]
