from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kyoso.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.navigation import NavItem, register_nav
        from kyoso.reports.views import dashboard_panel_context

        register_nav(NavItem(_("Reports"), "reports:index", order=80))
        register_panel(
            Panel("reports_pipeline", "reports/panel.html", context=dashboard_panel_context, order=15)
        )
