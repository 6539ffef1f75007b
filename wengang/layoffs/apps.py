from django.apps import AppConfig


class LayoffsConfig(AppConfig):
    name = "wengang.layoffs"
    label = "layoffs"
    verbose_name = "裁减人员报告"
