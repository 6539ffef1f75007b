from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "wengang.ops"
    verbose_name = "运行维护"
