from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kyoso.core"
    label = "core"
    verbose_name = _("Kyoso")

    def ready(self) -> None:
        from kyoso.core.navigation import NavItem, register_nav

        register_nav(NavItem(_("Dashboard"), "core:dashboard", order=0))
