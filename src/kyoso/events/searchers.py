"""Events in the layout's search box (registered in EventsConfig.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format

from kyoso.core.global_search import SearchCaller, SearchHits, SearchResult
from kyoso.events import selectors


def search_events(caller: SearchCaller, query: str, limit: int) -> SearchHits:
    rows, total, as_participant = selectors.search_events(caller, query, limit)
    if not total:
        return SearchHits()
    if as_participant:
        return SearchHits(
            [
                SearchResult(
                    p.event.name,
                    reverse("events:portal_participation", args=[p.pk]),
                    date_format(p.event.date),
                )
                for p in rows
            ],
            total,
            reverse("events:portal"),
        )
    return SearchHits(
        [
            SearchResult(
                e.name,
                reverse("events:detail", args=[e.pk]),
                " · ".join(part for part in (date_format(e.date), e.venue) if part),
            )
            for e in rows
        ],
        total,
        reverse("events:list"),
    )
