from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "wengang.guide"
    verbose_name = "办事指南"
