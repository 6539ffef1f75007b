from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "wengang.assistance"
    verbose_name = "就业援助"
