from django.urls import path

from . import views

app_name = "deferral"

urlpatterns = [
    path("", views.status, name="status"),
    path("apply/", views.file, name="file"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("queue/", views.queue, name="queue"),
    path("back-payment/", views.back_payment, name="back_payment"),
]
