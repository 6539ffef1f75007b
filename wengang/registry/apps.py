from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "wengang.registry"
    verbose_name = "单位登记"

    def ready(self) -> None:
        from . import streets  # noqa: F401 - connects the signals that drop the kept street choices
