"""Per-process, per-workspace cache of text-engine indexes (`kyoso.engine.text.SearchIndex`).

Used by the partner directory (`kyoso.partners.search`) and the lessons library
(`kyoso.knowledge.search`). Each app says what its index's *version* is (something cheap to read
from the database that changes with every write to the indexed records) and how to bring an
index up to a version; this class keeps one copy per workspace in memory, hands it out while its
version is current, and serialises engine calls, because a `SearchIndex` is not safe to query
while another thread is applying changes to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kyoso.engine.text import Hit, SearchIndex

V = TypeVar("V")


@dataclass
class CachedIndex(Generic[V]):
    """An index and the version of the workspace's records it reflects.

    `state` is the app's own bookkeeping (e.g. the ids it holds, to find deletions)."""

    version: V
    index: SearchIndex
    state: Any = None


class IndexCache(Generic[V]):
    """One in-memory index per workspace, refreshed when the workspace's version moves.

    version: `version(workspace_id)` reads the current version (one small query per use).
    update: `update(workspace_id, cached_or_None, version)` returns the index as of `version`,
        starting from the stale cached copy when there is one (apply only what changed since),
        else from whatever the app stores or from scratch. It runs under the cache's lock.
    """

    def __init__(
        self,
        *,
        version: Callable[[int], V],
        update: Callable[[int, CachedIndex[V] | None, V], CachedIndex[V]],
    ) -> None:
        self._version = version
        self._update = update
        self._memory: dict[int, CachedIndex[V]] = {}
        # re-entrant: `update` may call back into helpers that take it
        self.lock = threading.RLock()

    def get(self, workspace_id: int) -> SearchIndex:
        """The workspace's index, current as of the last committed write."""
        return self.entry(workspace_id).index

    def entry(self, workspace_id: int) -> CachedIndex[V]:
        with self.lock:
            version = self._version(workspace_id)
            cached = self._memory.get(workspace_id)
            if cached is not None and cached.version == version:
                return cached
            fresh = self._update(workspace_id, cached, version)
            self._memory[workspace_id] = fresh
            return fresh

    def forget(self, workspace_id: int | None = None) -> None:
        """Drop one workspace's copy, or all of them (tests; after restoring a database)."""
        with self.lock:
            if workspace_id is None:
                self._memory.clear()
            else:
                self._memory.pop(workspace_id, None)

    # ---------------------------------------------------------------- engine calls under the lock

    def search(
        self,
        workspace_id: int,
        query: str,
        *,
        top: int,
        offset: int = 0,
        allowed_ids: Collection[int] | None = None,
        lang: str = "ja",
        min_relative: float = 0.0,
        exclude_ids: Collection[int] | None = None,
    ) -> list[Hit]:
        if not query.strip():
            return []
        index = self.get(workspace_id)
        with self.lock:
            return index.search(
                query,
                top=top,
                allowed_ids=allowed_ids,
                lang=lang,
                offset=offset,
                min_relative=min_relative,
                exclude_ids=exclude_ids,
            )

    def search_page(
        self,
        workspace_id: int,
        query: str,
        *,
        window: int,
        offset: int = 0,
        limit: int = 10,
        allowed_ids: Collection[int] | None = None,
        lang: str = "ja",
        min_relative: float = 0.0,
        exclude_ids: Collection[int] | None = None,
    ) -> tuple[list[Hit], list[int], int, int]:
        """(the shown hits, the window's ids, the total kept, the number cut off) from one scoring
        pass; see `SearchIndex.search_page`."""
        if not query.strip():
            return [], [], 0, 0
        index = self.get(workspace_id)
        with self.lock:
            hits, ids, total, hidden = index.search_page(
                query,
                window=window,
                offset=offset,
                limit=limit,
                allowed_ids=allowed_ids,
                lang=lang,
                min_relative=min_relative,
                exclude_ids=exclude_ids,
            )
        return hits, [int(i) for i in ids], total, hidden

    def count(
        self,
        workspace_id: int,
        query: str,
        *,
        allowed_ids: Collection[int] | None = None,
        min_relative: float = 0.0,
    ) -> int:
        if not query.strip():
            return 0
        index = self.get(workspace_id)
        with self.lock:
            return index.count(query, allowed_ids=allowed_ids, min_relative=min_relative)

    def relevance(self, workspace_id: int, query: str, ids: Iterable[int]) -> dict[int, float]:
        index = self.get(workspace_id)
        with self.lock:
            return {int(k): v for k, v in index.relevance(query, list(ids)).items()}
