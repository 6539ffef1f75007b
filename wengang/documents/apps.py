from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "wengang.documents"
    label = "documents"
    verbose_name = "公文编号与印章"
