from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "kyoso.knowledge"
    label = "knowledge"
