"""The reviewer workbench, under /hall/review/ (names ``subsidies:review_…``)."""

from django.urls import path

from wengang.cases.routes import pages

from .views import review

urlpatterns = [
    path("", review.queue, name="review_queue"),
    path("export.xlsx", review.export, name="review_export"),
    *pages(review, "batch", name_prefix="review_"),
    path("payments.xlsx", review.export_payments, name="review_payments_export"),
    path("<int:pk>/", review.detail, name="review_detail"),
    *pages(
        review,
        *("accept", "deficiency", "supplied", "close", "escalate", "approve", "reject", "payment"),
        under="<int:pk>/",
        name_prefix="review_",
    ),
    path("<int:pk>/return/", review.return_, name="review_return"),
    path("<int:pk>/letter.pdf", review.letter, name="review_letter"),
    path("<int:pk>/materials/<int:material_pk>/", review.material, name="review_material"),
    path("<int:pk>/materials/<int:material_pk>/view/", review.material_inline, name="review_material_inline"),
    path("<int:pk>/materials/<int:material_pk>/mark/", review.material_mark, name="review_material_mark"),
]
