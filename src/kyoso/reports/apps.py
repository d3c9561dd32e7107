from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kyoso.reports"
    label = "reports"
