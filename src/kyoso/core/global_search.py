"""The layout's search box and /api/v1/search: each app registers a searcher for its own records.

A searcher receives the caller (who asks, in which workspace, in which language) and the query,
reads through its app's selectors (so a member, a partner user and an event participant each find
only what their audience may see) and returns at most `limit` results and how many match in all.
The core knows no app: apps register in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.functional import Promise

from kyoso.engine.text.analysis import analyse_tokens, normalise

MAX_QUERY = 200


@dataclass(frozen=True)
class SearchCaller:
    """Who searches: `workspace` is set only when the user is a member of it (the member audience);
    without it a searcher answers for the user's partner spaces or event participations, if any."""

    user: Any
    workspace: Any | None = None
    lang: str = "ja"

    @property
    def is_member(self) -> bool:
        return self.workspace is not None and bool(getattr(self.user, "is_authenticated", False))


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    snippet: str = ""


@dataclass(frozen=True)
class SearchHits:
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    # the kind's own list or search page, with the query (empty when the caller has none)
    see_all: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str | Promise
    search: Callable[[SearchCaller, str, int], SearchHits]
    order: int = 100
    # the API scope app whose read scope a token needs for this kind ("partners" -> partners:read)
    scope: str = ""


@dataclass(frozen=True)
class SearchGroup:
    provider: SearchProvider
    hits: SearchHits

    @property
    def results(self) -> list[SearchResult]:
        return self.hits.results

    @property
    def total(self) -> int:
        return self.hits.total


_providers: list[SearchProvider] = []


def register_search_provider(provider: SearchProvider) -> None:
    if all(p.key != provider.key for p in _providers):
        _providers.append(provider)


def providers() -> list[SearchProvider]:
    return sorted(_providers, key=lambda p: p.order)


def caller_from_request(request: Any) -> SearchCaller:
    from django.utils.translation import get_language

    membership = getattr(request, "membership", None)
    workspace = getattr(request, "workspace", None) if membership is not None else None
    lang = "en" if (get_language() or "ja").startswith("en") else "ja"
    return SearchCaller(user=request.user, workspace=workspace, lang=lang)


def search_everything(
    caller: SearchCaller,
    query: str,
    limit: int = 5,
    *,
    allowed: Callable[[SearchProvider], bool] | None = None,
) -> list[SearchGroup]:
    """Every kind with at least one match, in registration order (`allowed` narrows the kinds,
    e.g. to an API token's scopes)."""
    query = clean_query(query)
    if not query or not getattr(caller.user, "is_authenticated", False):
        return []
    kinds = [p for p in providers() if allowed is None or allowed(p)]
    groups = [SearchGroup(p, p.search(caller, query, limit)) for p in kinds]
    return [g for g in groups if g.total]


def clean_query(query: str) -> str:
    return " ".join(normalise(query or "").split())[:MAX_QUERY]


def query_words(query: str) -> list[str]:
    """The words of a query as written (the analyser's primary tokens), for matching inside text
    when the whole phrase is not there: 「物流 需要予測」 or "vision logistics"."""
    words: list[str] = []
    for token in analyse_tokens(query):
        surface = token.surface.strip()
        if (
            token.kind == "primary"
            and len(surface) >= 2
            and surface.lower() not in {w.lower() for w in words}
        ):
            words.append(surface)
    for part in query.split():
        if part not in words and len(part) >= 2:
            words.append(part)
    return words[:8]


def _any_field(fields: Sequence[str], text: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    return condition


def text_matches(qs: QuerySet[Any], query: str, *, name: str, fields: Sequence[str] = ()) -> QuerySet[Any]:
    """`qs` narrowed to records whose `name` or `fields` contain the query, best first.

    The exact name ranks first, then names starting with the query, then names containing it,
    then other text containing the whole phrase, then records holding every word of the query.
    Plain substring matching, so 「ビジョン」 finds 「物流ビジョン2030」 without a tokeniser's
    word boundaries; the analyser only splits the query into words for the last tier.
    """
    every = (name, *fields)
    phrase = _any_field(every, query)
    words = query_words(query)
    all_words = Q()
    for word in words:
        all_words &= _any_field(every, word)
    condition = phrase | all_words if len(words) > 1 else phrase
    return (
        qs.filter(condition)
        .annotate(
            search_rank=Case(
                When(**{f"{name}__iexact": query}, then=Value(0)),
                When(**{f"{name}__istartswith": query}, then=Value(1)),
                When(**{f"{name}__icontains": query}, then=Value(2)),
                When(phrase, then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
        )
        .order_by("search_rank", name, "pk")
    )


def page_of(qs: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows and the total. Always two queries, so the page costs the same
    whatever the size of the data (tests/scale holds every page to that)."""
    rows = list(qs[:limit])
    return rows, qs.order_by().count()
