from django.apps import AppConfig


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.notices"
    verbose_name = "复工返岗指引"
