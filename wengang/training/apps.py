from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "wengang.training"
    label = "training"
    verbose_name = "职业技能线上培训"
