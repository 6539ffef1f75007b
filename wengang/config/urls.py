from django.contrib import admin
from django.urls import include, path

from wengang.api import api as public_api

urlpatterns = [
    path("", include("wengang.ops.urls")),  # /healthz, /readyz, /metrics
    path("admin/", admin.site.urls),
    path("accounts/", include("wengang.accounts.urls")),
    path("hall/", include("wengang.subsidies.urls")),
    path("layoffs/", include("wengang.layoffs.urls")),
    path("deferral/", include("wengang.deferral.urls")),
    path("permits/", include("wengang.permits.urls")),
    path("keyservice/", include("wengang.keyservice.urls")),
    path("placements/", include("wengang.placements.urls")),
    path("assistance/", include("wengang.assistance.urls")),
    path("jobs/", include("wengang.jobs.urls")),
    path("api/v1/", public_api.urls()),
    path("api/tokens/", include("wengang.api.urls")),
    path("documents/", include("wengang.documents.urls")),
    path("guide/", include("wengang.guide.urls")),
    path("individuals/", include("wengang.individuals.urls")),
    path("dashboard/", include("wengang.monitoring.urls")),
    path("screening/", include("wengang.screening.urls")),
    path("training/", include("wengang.training.urls")),
    path("graduates/", include("wengang.graduates.urls")),
    path("loans/", include("wengang.loans.urls")),
    path("notices/", include("wengang.notices.urls")),
    path("", include("wengang.calculator.urls")),
]

handler400 = "wengang.ops.errors.bad_request"
handler403 = "wengang.ops.errors.permission_denied"
handler404 = "wengang.ops.errors.page_not_found"
handler500 = "wengang.ops.views.server_error"
