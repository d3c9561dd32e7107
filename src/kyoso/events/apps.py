from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "kyoso.events"
    label = "events"
