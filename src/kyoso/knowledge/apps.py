from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_stage_changed(sender: Any, project: Any = None, new_stage: str = "", **kwargs: Any) -> None:
    """A project stopped or reached commercialisation: ask its owner for a retrospective."""
    if project is None or new_stage not in ("stopped", "commercialisation"):
        return
    from kyoso.knowledge.notify import ask_for_retrospective

    ask_for_retrospective(project)


class KnowledgeConfig(AppConfig):
    name = "kyoso.knowledge"
    label = "knowledge"
    verbose_name = _("Lessons-learned library")

    def ready(self) -> None:
        from kyoso.core.dashboard import Panel, register_panel
        from kyoso.core.demo import DemoLoader, register_demo_loader
        from kyoso.core.global_search import SearchProvider, register_search_provider
        from kyoso.core.navigation import NavItem, register_nav
        from kyoso.knowledge.demo import load_demo_lessons
        from kyoso.knowledge.searchers import search_lessons
        from kyoso.knowledge.selectors import dashboard_panel_context

        register_nav(NavItem(_("Lessons"), "knowledge:library", order=70))
        register_search_provider(
            SearchProvider("lessons", _("Lessons"), search=search_lessons, order=70, scope="knowledge")
        )
        # the partner side's own lessons page (members use the library above)
        register_nav(
            NavItem(
                _("Retrospectives"),
                "knowledge:partner_home",
                order=71,
                partner=True,
                outside_if=_in_shared_space,
                members=False,
            )
        )
        register_panel(
            Panel("knowledge_awaiting", "knowledge/panel.html", context=dashboard_panel_context, order=70)
        )
        register_demo_loader(DemoLoader("lessons", load=load_demo_lessons, order=70))
        from kyoso.projects import signals

        signals.stage_changed.connect(_on_stage_changed, dispatch_uid="knowledge_ask_retrospective")


def _in_shared_space(user: object) -> bool:
    from kyoso.accounts.scoping import partner_project_ids

    ids = partner_project_ids(user)
    return ids is not None and ids.exists()
