"""The reviewer workbench, under /hall/review/ (names ``subsidies:review_…``)."""

from django.urls import path

from .views import review

urlpatterns = [
    path("", review.queue, name="review_queue"),
    path("export.xlsx", review.export, name="review_export"),
    path("batch/", review.batch, name="review_batch"),
    path("<int:pk>/", review.detail, name="review_detail"),
    path("<int:pk>/accept/", review.accept, name="review_accept"),
    path("<int:pk>/deficiency/", review.deficiency, name="review_deficiency"),
    path("<int:pk>/supplied/", review.supplied, name="review_supplied"),
    path("<int:pk>/return/", review.return_, name="review_return"),
    path("<int:pk>/escalate/", review.escalate, name="review_escalate"),
    path("<int:pk>/approve/", review.approve, name="review_approve"),
    path("<int:pk>/reject/", review.reject, name="review_reject"),
    path("<int:pk>/payment/", review.payment, name="review_payment"),
    path("<int:pk>/letter.pdf", review.letter, name="review_letter"),
    path("<int:pk>/materials/<int:material_pk>/", review.material, name="review_material"),
    path("<int:pk>/materials/<int:material_pk>/view/", review.material_inline, name="review_material_inline"),
    path("<int:pk>/materials/<int:material_pk>/mark/", review.material_mark, name="review_material_mark"),
]
