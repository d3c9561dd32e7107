"""The layout's search box: each app contributes a provider for its own records.

A provider receives the request (for scoping) and the query, and returns at
most `limit` results; the search page shows them grouped by provider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    snippet: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str | Promise
    search: Callable[[HttpRequest, str, int], list[SearchResult]]
    order: int = 100


_providers: list[SearchProvider] = []


def register_search_provider(provider: SearchProvider) -> None:
    if all(p.key != provider.key for p in _providers):
        _providers.append(provider)


def search_everything(
    request: HttpRequest, query: str, limit: int = 10
) -> list[tuple[SearchProvider, list[SearchResult]]]:
    return [(p, p.search(request, query, limit)) for p in sorted(_providers, key=lambda p: p.order)]
