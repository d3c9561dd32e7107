from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_project_changed(sender: Any, project: Any = None, **kwargs: Any) -> None:
    """Projects send their signals on commit; recompute in the background."""
    if project is None:
        return
    from kyoso.risk.services import schedule_recompute

    schedule_recompute(project)


def _warnings_panel(request: Any) -> dict[str, Any] | None:
    from kyoso.accounts.access import scoped
    from kyoso.core.language import current_language
    from kyoso.risk.models import RiskWarning
    from kyoso.risk.selectors import open_warnings

    if getattr(request, "membership", None) is None:
        return None
    qs = open_warnings(scoped(request, RiskWarning))
    latest = list(qs.order_by("-raised_at", "-id")[:6])
    if not latest:
        return None
    count = len(latest) if len(latest) < 6 else qs.count()
    return {
        "warnings": latest[:5],
        "count": count,
        "lang": current_language(),
    }


class RiskConfig(AppConfig):
    name = "kyoso.risk"
    label = "risk"
    verbose_name = _("Failure risk")

    def ready(self) -> None:
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.navigation import NavItem, register_nav
        from kyoso.risk import privacy  # noqa: F401 - registers the personal-data handler
        from kyoso.risk.demo import load_demo_diagnoses

        register_nav(NavItem(_("Risk"), "risk:index", order=40))
        register_panel(
            Panel("risk_open_warnings", "risk/panel_warnings.html", context=_warnings_panel, order=20)
        )
        # After every other app's demo data, so the heat map shows the finished demo on first login.
        register_demo_loader(DemoLoader("risk_diagnoses", load=load_demo_diagnoses, order=95))
        from kyoso.projects import signals

        for signal in (signals.project_changed, signals.stage_changed, signals.gate_decided):
            signal.connect(_on_project_changed, dispatch_uid="risk_recompute")
