"""The layout's search box and /api/v1/search: each app registers a searcher for its own records.

A searcher receives the caller (who asks, in which workspace, in which language) and the query,
reads through its app's selectors (so a member, a partner user and an event participant each find
only what their audience may see) and returns at most `limit` results and how many match in all.
The core knows no app: apps register in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.functional import Promise

from kyoso.engine.text.analysis import analyse_tokens, normalise
from kyoso.engine.text.bilingual import expand_query

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


MAX_TRANSLATIONS = 6  # per query phrase, best first
MIN_TRANSLATION_WEIGHT = 0.4


@lru_cache(maxsize=512)
def translations(query: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the query's phrases are called in the other language, from the
    bilingual term map the partner directory's ranking uses: ("energy", ("エネルギー", "電力", …)).

    Each entry is a phrase of the query as written and its alternatives, best first; a record that
    holds an alternative matches as if it held the phrase.
    """
    by_source: dict[str, dict[str, float]] = {}
    for term in expand_query(query):
        if term.source is None or term.weight < MIN_TRANSLATION_WEIGHT:
            continue
        text = (term.phrase or term.label).strip()
        short = len(text) < (3 if text.isascii() else 2)
        # only the other language: same-language synonyms ("power" for "energy") add noise, and
        # the words as typed are matched anyway
        if short or text.isascii() == term.source.isascii():
            continue
        found = by_source.setdefault(term.source, {})
        found[text] = max(found.get(text, 0.0), term.weight)
    return tuple(
        # the other language first: the point is finding what is written only in it
        (
            source,
            tuple(
                sorted(found, key=lambda t: (t.isascii() == source.isascii(), -found[t], t))[
                    :MAX_TRANSLATIONS
                ]
            ),
        )
        for source, found in by_source.items()
    )


def text_matches(qs: QuerySet[Any], query: str, *, name: str, fields: Sequence[str] = ()) -> QuerySet[Any]:
    """`qs` narrowed to records whose `name` or `fields` contain the query, best first.

    The exact name ranks first, then names starting with the query, then names containing it,
    then other text containing the whole phrase, then records holding the query in the other
    language ("energy" finds 「エネルギー」, 「物流」 finds "logistics"), then records holding every
    word of the query (each word as written or translated).
    Plain substring matching, so 「ビジョン」 finds 「物流ビジョン2030」 without a tokeniser's
    word boundaries; the analyser only splits the query into words and finds their translations.
    """
    every = (name, *fields)
    phrase = _any_field(every, query)
    alternatives = translations(query)
    translated = Q()
    for source, texts in alternatives:
        if source.lower() == query.lower():
            for text in texts:
                translated |= _any_field(every, text)
    words = query_words(query)
    all_words = Q()
    for word in words:
        either = _any_field(every, word)
        for source, texts in alternatives:
            if word.lower() in source.lower():
                for text in texts:
                    either |= _any_field(every, text)
        all_words &= either
    condition = phrase | translated
    if len(words) > 1:
        condition |= all_words
    tiers = [
        When(**{f"{name}__iexact": query}, then=Value(0)),
        When(**{f"{name}__istartswith": query}, then=Value(1)),
        When(**{f"{name}__icontains": query}, then=Value(2)),
        When(phrase, then=Value(3)),
    ]
    if translated:
        tiers.append(When(translated, then=Value(4)))
    return (
        qs.filter(condition)
        .annotate(search_rank=Case(*tiers, default=Value(5), output_field=IntegerField()))
        .order_by("search_rank", name, "pk")
    )


def page_of(qs: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows and the total. Always two queries, so the page costs the same
    whatever the size of the data (tests/scale holds every page to that)."""
    rows = list(qs[:limit])
    return rows, qs.order_by().count()
