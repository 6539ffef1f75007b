from django.apps import AppConfig


class KeyserviceConfig(AppConfig):
    name = "wengang.keyservice"
    label = "keyservice"
    verbose_name = "重点企业用工服务"
