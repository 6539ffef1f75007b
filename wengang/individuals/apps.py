from django.apps import AppConfig


class IndividualsConfig(AppConfig):
    name = "wengang.individuals"
    verbose_name = "个人服务"
