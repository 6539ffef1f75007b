from django.apps import AppConfig


class GraduatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.graduates"
    verbose_name = "毕业生不见面签约"
