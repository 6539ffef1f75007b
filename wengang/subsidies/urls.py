from django.urls import include, path

app_name = "subsidies"

urlpatterns = [
    path("apply/", include("wengang.subsidies.urls_apply")),
    path("review/", include("wengang.subsidies.urls_review")),
]
