from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _search_lessons(request: Any, query: str, limit: int) -> list[Any]:
    from django.urls import reverse

    from kyoso.accounts.access import scoped
    from kyoso.core.global_search import SearchResult
    from kyoso.core.language import current_language
    from kyoso.knowledge import search
    from kyoso.knowledge.models import Retrospective

    workspace = getattr(request, "workspace", None)
    if workspace is None or getattr(request, "membership", None) is None or not query.strip():
        return []
    qs = scoped(request, Retrospective)
    allowed = set(qs.values_list("pk", flat=True)[:50_000])
    hits = search.search(workspace.pk, query, top=limit, allowed_ids=allowed, lang=current_language())
    rows = {r.pk: r for r in qs.filter(pk__in=[h.doc_id for h in hits]).select_related("project")}
    return [
        SearchResult(
            rows[int(h.doc_id)].headline,
            reverse("knowledge:detail", args=[h.doc_id]),
            f"{rows[int(h.doc_id)].project.title} — {'; '.join(h.reasons[:2])}",
        )
        for h in hits
        if int(h.doc_id) in rows
    ]


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
        from kyoso.knowledge.selectors import dashboard_panel_context

        register_nav(NavItem(_("Lessons"), "knowledge:library", order=70))
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
        register_search_provider(SearchProvider("lessons", _("Lessons"), search=_search_lessons, order=70))
        register_panel(
            Panel("knowledge_awaiting", "knowledge/panel.html", context=dashboard_panel_context, order=70)
        )
        register_demo_loader(DemoLoader("lessons", load=load_demo_lessons, order=70))
        try:
            from kyoso.projects import signals
        except ImportError:  # pragma: no cover
            return
        signals.stage_changed.connect(_on_stage_changed, dispatch_uid="knowledge_ask_retrospective")


def _in_shared_space(user: object) -> bool:
    from kyoso.accounts.scoping import partner_project_ids

    ids = partner_project_ids(user)
    return ids is not None and ids.exists()
