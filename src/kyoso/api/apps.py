from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kyoso.api"
    label = "api"

    def ready(self) -> None:
        from kyoso.api import (
            privacy,  # noqa: F401 - registers the personal-data handler
            webhook_sources,
        )

        webhook_sources.connect()
