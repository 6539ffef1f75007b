from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "wengang.subsidies"
    verbose_name = "补贴申请与审核"
