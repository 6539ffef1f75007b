from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "wengang.placements"
    label = "placements"
    verbose_name = "求职推荐、推荐上岗与就业见习基地"
