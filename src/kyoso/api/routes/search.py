"""The layout's search box as JSON: every kind the caller may see, through the same selectors.

A token reaches only the kinds its scopes cover (organisations and needs: partners:read,
projects: projects:read, events: events:read, lessons: knowledge:read)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kyoso.api.auth import caller
from kyoso.api.conventions import errors
from kyoso.core.errors import DomainError
from kyoso.core.global_search import SearchCaller, SearchProvider, clean_query, search_everything

TAG = "search"
router = Router()
MAX_PER_KIND = 20


class SearchResultOut(Schema):
    title: str
    url: str
    snippet: str


class SearchGroupOut(Schema):
    kind: str = Field(..., description="organisations, needs, projects, events or lessons")
    label: str
    total: int = Field(..., description="How many records of this kind match (results holds the first few).")
    see_all: str = Field(..., description="The kind's own list or search page on the web, or empty.")
    results: list[SearchResultOut]


class SearchOut(Schema):
    query: str
    total: int
    groups: list[SearchGroupOut]


class SearchParams(Schema):
    q: str = Field("", max_length=400, description="The words to look for, Japanese or English.")
    limit: int = Field(5, ge=1, le=MAX_PER_KIND, description="Results per kind.")


@router.get(
    "",
    response={200: SearchOut, **errors(422)},
    summary="Search everything",
    description="Organisations, needs, projects, events and lessons matching `q`, grouped by kind, "
    "exact and substring matches of names and titles first. A workspace member searches the "
    "workspace; a partner user only their shared projects and shared lessons; an event participant "
    "only their events. Kinds without a match are left out.",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    c = caller(request)
    query = clean_query(params.q)
    if not query:
        raise DomainError("Give the words to search for.", field="q")
    lang = "en" if (getattr(c.user, "language", "") or "ja").startswith("en") else "ja"
    who = SearchCaller(user=c.user, workspace=c.workspace, lang=lang)

    def allowed(provider: SearchProvider) -> bool:
        return not provider.scope or c.has_scope(f"{provider.scope}:read")

    groups = search_everything(who, query, params.limit, allowed=allowed)
    return {
        "query": query,
        "total": sum(g.total for g in groups),
        "groups": [
            {
                "kind": g.provider.key,
                "label": str(g.provider.label),
                "total": g.total,
                "see_all": g.hits.see_all,
                "results": [{"title": r.title, "url": r.url, "snippet": r.snippet} for r in g.results],
            }
            for g in groups
        ],
    }
