"""Library search over the text engine (`kyoso.engine.text`), one cached index per workspace.

The pattern of `kyoso.partners.search`, sized for a library (hundreds to a few
thousand retrospectives): a search reads the library's version — the number of
retrospectives and the latest `updated_at`, one aggregate query. When the
in-memory index matches it is used as is; otherwise only the retrospectives
changed since the cached version are re-added (and deleted ones removed), so
the index is never rebuilt per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.db.models import Count, Max, Prefetch

from kyoso.core.index_cache import CachedIndex, IndexCache
from kyoso.engine.text import Document, Hit, SearchIndex
from kyoso.knowledge.models import Retrospective, RetrospectiveCause
from kyoso.knowledge.similarity import CAUSE_NAMES

# Field names the engine already labels in ja/en, so a hit's reasons read naturally.
FIELD_WEIGHTS = {
    "name": 3.0,  # project title and the one-line lesson
    "tags": 2.0,  # cause labels in both languages
    "industries": 1.5,
    "description": 1.0,  # what worked, what failed, lessons, countermeasure, partner, business unit
}

Version = tuple[int, dt.datetime | None]


def forget_memory() -> None:
    _cache.forget()


def retrospective_document(retro: Retrospective, causes: Iterable[RetrospectiveCause]) -> Document:
    names = []
    for c in causes:
        ja, en = CAUSE_NAMES.get(c.cause, (c.cause, c.cause))
        names.append(f"{ja} / {en}")
    return Document(
        id=retro.pk,
        fields={
            "name": f"{retro.project.title}\n{retro.headline}",
            "tags": "\n".join(names),
            "industries": retro.industry,
            "description": "\n".join(
                p
                for p in (
                    retro.what_worked,
                    retro.what_failed,
                    retro.lessons,
                    retro.countermeasure,
                    retro.partner_name,
                    retro.business_unit,
                )
                if p
            ),
        },
    )


def _workspace_qs(workspace_id: int):  # type: ignore[no-untyped-def]
    return Retrospective.objects.filter(project__workspace_id=workspace_id)


def _version(workspace_id: int) -> Version:
    agg = _workspace_qs(workspace_id).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return int(agg["n"] or 0), agg["latest"]


def _documents(queryset) -> Iterable[Document]:  # type: ignore[no-untyped-def]
    queryset = queryset.select_related("project").prefetch_related(
        Prefetch(
            "causes", queryset=RetrospectiveCause.objects.only("id", "retrospective_id", "cause", "weight")
        )
    )
    for retro in queryset.iterator(chunk_size=500):
        yield retrospective_document(retro, list(retro.causes.all()))


def _update(workspace_id: int, cached: CachedIndex[Version] | None, version: Version) -> CachedIndex[Version]:
    """Re-add the retrospectives changed since the cached version and drop the deleted ones
    (`state` holds the ids the index has); build from scratch on first use."""
    qs = _workspace_qs(workspace_id)
    if cached is None:
        cached = CachedIndex(version=(0, None), index=SearchIndex(FIELD_WEIGHTS), state=set())
        changed = qs
    else:
        since = cached.version[1]
        changed = qs.filter(updated_at__gte=since) if since is not None else qs
    ids = set(qs.values_list("pk", flat=True))
    for gone in cached.state - ids:
        cached.index.remove(gone)
    docs = list(_documents(changed))
    if docs:
        cached.index.add_many(docs)
    cached.state = ids
    cached.version = version
    return cached


_cache: IndexCache[Version] = IndexCache(version=_version, update=_update)


def get_index(workspace_id: int) -> SearchIndex:
    return _cache.get(workspace_id)


def search(
    workspace_id: int,
    query: str,
    *,
    top: int = 20,
    offset: int = 0,
    allowed_ids: Collection[int] | None = None,
    lang: str = "ja",
) -> list[Hit]:
    return _cache.search(workspace_id, query, top=top, offset=offset, allowed_ids=allowed_ids, lang=lang)


def count(workspace_id: int, query: str, *, allowed_ids: Collection[int] | None = None) -> int:
    return _cache.count(workspace_id, query, allowed_ids=allowed_ids)
