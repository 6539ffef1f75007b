from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "wengang.permits"
    label = "permits"
    verbose_name = "行政许可（劳务派遣、特殊工时）"
