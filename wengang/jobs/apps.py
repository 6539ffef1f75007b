from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "wengang.jobs"
    verbose_name = "就业超市"
