from django.urls import path

from . import views

app_name = "loans"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.loan, name="loan"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("extensions/<int:pk>/", views.extension, name="extension"),
    path("extensions/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("extensions/<int:pk>/move/<str:to>/", views.extension_move, name="extension_move"),
    path("bank/", views.bank, name="bank"),
    path("guarantees/", views.queue, name="queue"),
    path("guarantees/apply/", views.apply, name="apply"),
    path("guarantees/<int:pk>/", views.guarantee, name="guarantee"),
    path("guarantees/<int:pk>/move/<str:to>/", views.guarantee_move, name="guarantee_move"),
]
