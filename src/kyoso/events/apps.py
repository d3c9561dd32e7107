from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kyoso.events"
    label = "events"
    verbose_name = _("Matchmaking events")

    def ready(self) -> None:
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.navigation import NavItem, register_nav
        from kyoso.events.dashboard import panel_context
        from kyoso.events.demo_data import load_demo_event

        register_nav(NavItem(_("Events"), "events:list", order=40))
        register_panel(Panel("events", "events/dashboard_panel.html", context=panel_context, order=40))
        register_demo_loader(DemoLoader("events", load=load_demo_event, order=40))
