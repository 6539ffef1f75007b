from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wengang.demo"
    verbose_name = "演示数据"
