from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "kyoso.risk"
    label = "risk"
