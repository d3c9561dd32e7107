"""Lessons in the layout's search box (registered in KnowledgeConfig.ready)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from kyoso.core.global_search import SearchCaller, SearchHits, SearchResult
from kyoso.knowledge import selectors


def search_lessons(caller: SearchCaller, query: str, limit: int) -> SearchHits:
    rows, total, as_partner = selectors.search_lessons(caller, query, limit)
    if not total:
        return SearchHits()
    if as_partner:
        return SearchHits(
            [
                SearchResult(
                    r.headline, reverse("knowledge:partner_view", args=[r.project_id]), r.project.title
                )
                for r in rows
            ],
            total,
            reverse("knowledge:partner_home"),
        )
    return SearchHits(
        [
            SearchResult(
                r.headline,
                reverse("knowledge:detail", args=[r.pk]),
                " · ".join(p for p in (r.project.title, r.get_outcome_display()) if p),
            )
            for r in rows
        ],
        total,
        f"{reverse('knowledge:library')}?{urlencode({'q': query})}",
    )
