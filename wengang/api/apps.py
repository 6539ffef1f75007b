from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.api"
    label = "api"
    verbose_name = "开放接口"
