from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "kyoso.alignment"
    label = "alignment"
