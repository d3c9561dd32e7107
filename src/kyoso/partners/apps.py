from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "kyoso.partners"
    label = "partners"
