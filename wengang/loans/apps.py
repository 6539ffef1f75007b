from django.apps import AppConfig


class LoansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.loans"
    verbose_name = "创业担保贷款"
