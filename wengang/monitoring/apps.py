from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wengang.monitoring"
    verbose_name = "监测与统计"
