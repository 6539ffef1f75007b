from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "wengang.registry"
    verbose_name = "单位登记"
