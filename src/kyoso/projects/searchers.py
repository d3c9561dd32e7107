"""Projects in the layout's search box (registered in ProjectsConfig.ready)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import Truncator

from kyoso.core.global_search import SearchCaller, SearchHits, SearchResult
from kyoso.projects import selectors


def search_projects(caller: SearchCaller, query: str, limit: int) -> SearchHits:
    rows, total, as_partner = selectors.search_projects(caller, query, limit)
    if not total:
        return SearchHits()
    if as_partner:
        return SearchHits(
            [
                SearchResult(
                    p.title, reverse("projects:partner_project", args=[p.pk]), str(p.get_stage_display())
                )
                for p in rows
            ],
            total,
            reverse("projects:partner_home"),
        )
    return SearchHits(
        [
            SearchResult(
                p.title,
                reverse("projects:detail", args=[p.pk]),
                f"{p.get_stage_display()} · {Truncator(p.summary).chars(80)}"
                if p.summary
                else str(p.get_stage_display()),
            )
            for p in rows
        ],
        total,
        f"{reverse('projects:list')}?{urlencode({'q': query})}",
    )
