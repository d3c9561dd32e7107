from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "kyoso.outbox"
    label = "outbox"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from kyoso.outbox import privacy  # noqa: F401 - registers the personal-data handler
