from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "deferral"

urlpatterns = [
    path("", views.status, name="status"),
    path("apply/", views.file, name="file"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    *pages(views, "decide", under="applications/<int:pk>/"),
    *pages(views, "queue"),
    path("back-payment/", views.back_payment, name="back_payment"),
]
