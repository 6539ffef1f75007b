from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.screening"
    label = "screening"
    verbose_name = "主动筛查"
