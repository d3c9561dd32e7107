from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kyoso.api"
    label = "api"

    def ready(self) -> None:
        from kyoso.api import webhook_sources

        webhook_sources.connect()
