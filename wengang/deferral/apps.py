from django.apps import AppConfig


class DeferralConfig(AppConfig):
    name = "wengang.deferral"
    label = "deferral"
    verbose_name = "延长社会保险缴费"
