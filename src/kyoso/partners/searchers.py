"""The partner directory's kinds in the layout's search box (registered in PartnersConfig.ready)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import Truncator

from kyoso.core.global_search import SearchCaller, SearchHits, SearchResult
from kyoso.partners import selectors


def search_organisations(caller: SearchCaller, query: str, limit: int) -> SearchHits:
    rows, total = selectors.search_organisations(caller, query, limit)
    if not total:
        return SearchHits()
    return SearchHits(
        [
            SearchResult(
                org.name,
                reverse("partners:organisation_detail", args=[org.pk]),
                " · ".join(
                    part
                    for part in (
                        str(org.get_kind_display()),
                        org.country,
                        Truncator(org.description).chars(80),
                    )
                    if part
                ),
            )
            for org in rows
        ],
        total,
        f"{reverse('partners:search')}?{urlencode({'q': query})}",
    )


def search_needs(caller: SearchCaller, query: str, limit: int) -> SearchHits:
    rows, total = selectors.search_needs(caller, query, limit)
    if not total:
        return SearchHits()
    return SearchHits(
        [
            SearchResult(
                need.title,
                reverse("partners:need_detail", args=[need.pk]),
                f"{need.get_status_display()} · {Truncator(need.description).chars(80)}",
            )
            for need in rows
        ],
        total,
        reverse("partners:need_list"),
    )
