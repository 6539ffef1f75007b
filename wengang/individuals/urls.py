from django.urls import path

from wengang.cases.routes import pages

from . import views

app_name = "individuals"

urlpatterns = [
    path("", views.home, name="home"),
    *pages(views, "signup", "register", "queue", "hire"),
    path("queue/<slug:which>.xlsx", views.queue_export, name="queue_export"),
    path("signup/code/", views.signup_code, name="signup_code"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/complete/", views.password_reset_complete, name="password_reset_complete"),
    path("registrations/<int:pk>/", views.registration, name="registration"),
    path("registrations/<int:pk>/proof/", views.registration_proof, name="registration_proof"),
    path("registrations/<int:pk>/move/<str:to>/", views.registration_move, name="registration_move"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/move/<str:to>/", views.claim_move, name="claim_move"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim_pay"),
]
