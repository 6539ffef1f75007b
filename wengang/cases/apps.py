from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wengang.cases"
    verbose_name = "办理记录与消息"
