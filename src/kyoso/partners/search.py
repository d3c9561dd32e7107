"""The only module that talks to the text engine (`kyoso.engine.text`).

One index per workspace, kept three ways:

* `SearchIndexState.version` — a counter bumped (in the writer's transaction) by every write
  that changes what an organisation's search document holds; the changed organisations get the
  new value in `Organisation.search_stamp`, deleted ones leave an `IndexTombstone`.
* `SearchIndexState.data` — the serialised index as of `data_version`, shared by every process
  (web workers, `kyoso search`, background tasks).
* a per-process copy in memory, keyed by workspace and the version it reflects.

A search reads the counter (one small query). When the in-memory copy is current it is used as
is; otherwise only the organisations stamped (and tombstones written) since its version are
applied — the index is never rebuilt per request. After a large catch-up the result is stored
back so other processes start from it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch

from kyoso.core.index_cache import CachedIndex, IndexCache
from kyoso.engine.text import (
    Checklist,
    CultureProfile,
    Document,
    Expectation,
    FitInput,
    FitResult,
    Hit,
    SearchIndex,
    fit_score,
)
from kyoso.engine.text.analysis import ANALYSER_VERSION, has_japanese
from kyoso.engine.text.index import WEAK_RELATIVE_SCORE
from kyoso.partners.models import (
    ChecklistAnswer,
    ChecklistItem,
    IndexTombstone,
    Need,
    Offer,
    Organisation,
    SearchIndexState,
    YesNoUnknown,
)

# Bump when the document layout below changes: stored indexes of another layout (or built by
# another version of the analyser) are rebuilt.
DOCUMENT_LAYOUT = f"org-doc-2/analyser-{ANALYSER_VERSION}"
# Store the index back after applying at least this many changes (or after a full build).
PERSIST_AFTER_CHANGES = 200
BUILD_CHUNK = 2000

# ---------------------------------------------------------------------- writes: version stamps


def bump_version(workspace_id: int) -> int:
    """Increase the workspace's index version inside the caller's transaction; return the new value."""
    state, _ = SearchIndexState.objects.get_or_create(workspace_id=workspace_id)
    SearchIndexState.objects.filter(pk=state.pk).update(version=F("version") + 1)
    return int(SearchIndexState.objects.filter(pk=state.pk).values_list("version", flat=True).get())


def mark_changed(workspace_id: int, organisation_ids: Iterable[int]) -> int:
    """Stamp organisations whose search document changed (create, update, needs, offers)."""
    ids = [i for i in organisation_ids if i is not None]
    version = bump_version(workspace_id)
    if ids:
        Organisation.objects.filter(workspace_id=workspace_id, pk__in=ids).update(search_stamp=version)
    return version


def mark_removed(workspace_id: int, organisation_ids: Iterable[int]) -> int:
    version = bump_version(workspace_id)
    IndexTombstone.objects.bulk_create(
        [
            IndexTombstone(workspace_id=workspace_id, organisation_id=i, version=version)
            for i in organisation_ids
        ]
    )
    return version


def forget_memory() -> None:
    """Drop this process's in-memory indexes (tests; after restoring a database)."""
    _cache.forget()


# ---------------------------------------------------------------------- documents


def _join(values: Any) -> str:
    if isinstance(values, list):
        return ";".join(str(v) for v in values if v)
    return str(values or "")


def organisation_document(org: Organisation, needs: list[Need], offers: list[Offer]) -> Document:
    return Document(
        id=org.pk,
        fields={
            "name": org.name,
            "description": "\n".join(p for p in (org.description, org.oi_experience_text) if p),
            "industries": _join(org.industries),
            "technologies": _join(org.technologies),
            "tags": _join(org.tags),
            "needs": "\n".join(f"{n.title}\n{n.description}" for n in needs),
            "offers": "\n".join(f"{o.title}\n{o.description}\n{_join(o.technologies)}" for o in offers),
        },
    )


def _documents(queryset: Any) -> Iterable[Document]:
    queryset = queryset.only(
        "id", "name", "description", "oi_experience_text", "industries", "technologies", "tags"
    ).prefetch_related(
        Prefetch("needs", queryset=Need.objects.only("id", "organisation_id", "title", "description")),
        Prefetch(
            "offers",
            queryset=Offer.objects.only("id", "organisation_id", "title", "description", "technologies"),
        ),
    )
    for org in queryset.iterator(chunk_size=BUILD_CHUNK):
        yield organisation_document(org, list(org.needs.all()), list(org.offers.all()))


# ---------------------------------------------------------------------- reads: the cached index


def _current_version(workspace_id: int) -> int:
    version = (
        SearchIndexState.objects.filter(workspace_id=workspace_id).values_list("version", flat=True).first()
    )
    return int(version or 0)


def current_version(workspace_id: int) -> int:
    """The workspace's index version: it changes with every write to its organisations."""
    return _current_version(workspace_id)


def _catch_up(index: SearchIndex, workspace_id: int, since: int, until: int) -> int:
    """Apply the changes stamped in (since, until]; return how many documents changed."""
    removed = list(
        IndexTombstone.objects.filter(
            workspace_id=workspace_id, version__gt=since, version__lte=until
        ).values_list("organisation_id", flat=True)
    )
    for doc_id in removed:
        index.remove(doc_id)
    changed = Organisation.objects.filter(
        workspace_id=workspace_id, search_stamp__gt=since, search_stamp__lte=until
    ).order_by("pk")
    batch: list[Document] = []
    count = len(removed)
    for doc in _documents(changed):
        batch.append(doc)
        if len(batch) >= BUILD_CHUNK:
            index.add_many(batch)
            count += len(batch)
            batch = []
    if batch:
        index.add_many(batch)
        count += len(batch)
    return count


def _store(workspace_id: int, index: SearchIndex, version: int) -> None:
    data = index.to_bytes()
    SearchIndexState.objects.filter(workspace_id=workspace_id, data_version__lte=version).update(
        data=data, data_version=version, engine_version=DOCUMENT_LAYOUT
    )


def _update(workspace_id: int, cached: CachedIndex[int] | None, version: int) -> CachedIndex[int]:
    """The index as of `version`: the stale in-memory copy, else the stored snapshot, else a full
    build — then the changes stamped since; stored back after a full build or a large catch-up."""
    if cached is not None and cached.version < version:
        index, since, full = cached.index, cached.version, False
    else:
        stored = (
            SearchIndexState.objects.filter(workspace_id=workspace_id, engine_version=DOCUMENT_LAYOUT)
            .exclude(data=None)
            .values_list("data", "data_version")
            .first()
        )
        if stored is not None and stored[1] <= version:
            index, since, full = SearchIndex.from_bytes(bytes(stored[0])), int(stored[1]), False
        else:
            index, since, full = SearchIndex(), -1, True
    changes = _catch_up(index, workspace_id, since, version)
    if full or changes >= PERSIST_AFTER_CHANGES:
        _store(workspace_id, index, version)
    return CachedIndex(version, index)


_cache: IndexCache[int] = IndexCache(version=_current_version, update=_update)


def get_index(workspace_id: int) -> SearchIndex:
    """The workspace's index, current as of the last committed write."""
    return _cache.get(workspace_id)


def refresh(workspace_id: int) -> int:
    """Bring the stored index up to date (after an import); returns the number of documents."""
    with transaction.atomic():
        SearchIndexState.objects.get_or_create(workspace_id=workspace_id)
    with _cache.lock:
        entry = _cache.entry(workspace_id)
        _store(workspace_id, entry.index, entry.version)
    return len(entry.index)


def rebuild(workspace_id: int) -> int:
    """Build from scratch and store (a repair tool; never needed per request)."""
    with _cache.lock:
        _cache.forget(workspace_id)
        SearchIndexState.objects.filter(workspace_id=workspace_id).update(data=None, data_version=0)
        return refresh(workspace_id)


def language_of(query: str, lang: str | None) -> str:
    if lang in {"ja", "en"}:
        return lang
    return "ja" if has_japanese(query) else "en"


# Results scoring below this share of the best hit are "weakly related": hidden behind a count
# that the user can expand (see docs/search.md). It drops the long tail that a sentence-long need
# shares only everyday words with.
WEAK_CUTOFF = WEAK_RELATIVE_SCORE


def search(
    workspace_id: int,
    query: str,
    *,
    top: int = 10,
    offset: int = 0,
    allowed_ids: Collection[int] | None = None,
    exclude_ids: Collection[int] | None = None,
    lang: str = "ja",
    min_relative: float = 0.0,
) -> list[Hit]:
    return _cache.search(
        workspace_id,
        query,
        top=top,
        offset=offset,
        allowed_ids=allowed_ids,
        exclude_ids=exclude_ids,
        lang=lang,
        min_relative=min_relative,
    )


def search_page(
    workspace_id: int,
    query: str,
    *,
    window: int,
    offset: int = 0,
    limit: int = 10,
    allowed_ids: Collection[int] | None = None,
    exclude_ids: Collection[int] | None = None,
    lang: str = "ja",
    min_relative: float = 0.0,
) -> tuple[list[Hit], list[int], int, int]:
    """A results page: (hits of ranks [offset, offset + limit) with their reasons, the ids of the best
    `window`, the number of matches kept, the number cut off as weakly related), scored once."""
    return _cache.search_page(
        workspace_id,
        query,
        window=window,
        offset=offset,
        limit=limit,
        allowed_ids=allowed_ids,
        exclude_ids=exclude_ids,
        lang=lang,
        min_relative=min_relative,
    )


def count(workspace_id: int, query: str, *, allowed_ids: Collection[int] | None = None) -> int:
    return _cache.count(workspace_id, query, allowed_ids=allowed_ids)


def relevance(workspace_id: int, query: str, ids: Iterable[int]) -> dict[int, float]:
    return _cache.relevance(workspace_id, query, ids)


# ---------------------------------------------------------------------- fit score


def _answer(value: str | None) -> str:
    return value if value in {YesNoUnknown.YES, YesNoUnknown.NO} else "unknown"


def checklist_of(org: Organisation, answers: Iterable[ChecklistAnswer]) -> Checklist:
    """The engine's checklist; an unanswered item falls back to what the profile already says."""
    given = {a.item: _answer(a.answer) for a in answers}
    oi = given.get(ChecklistItem.OI_EXPERIENCE, "unknown")
    if oi == "unknown" and org.oi_experience_count is not None:
        oi = "yes" if org.oi_experience_count > 0 else "no"
    support = given.get(ChecklistItem.COMPANY_WIDE_ENTHUSIASM, "unknown")
    if support == "unknown":
        support = _answer(org.company_wide_support)
    return Checklist(
        oi_experience=oi,  # type: ignore[arg-type]
        company_wide_support=support,  # type: ignore[arg-type]
        technology_fits_purpose=given.get(ChecklistItem.TECHNOLOGY_FITS_PURPOSE, "unknown"),  # type: ignore[arg-type]
        met_in_person=given.get(ChecklistItem.MET_IN_PERSON, "unknown"),  # type: ignore[arg-type]
        ir_checked=given.get(ChecklistItem.IR_CHECKED, "unknown"),  # type: ignore[arg-type]
    )


def _culture(lead: int | None, quality: str, risk: str) -> CultureProfile:
    return CultureProfile(
        decision_lead_days=float(lead) if lead is not None else None,
        quality_approach=quality or None,  # type: ignore[arg-type]
        risk_appetite=risk or None,  # type: ignore[arg-type]
    )


def need_culture(need: Need) -> CultureProfile:
    owner = need.organisation
    return _culture(
        need.decision_lead_days
        if need.decision_lead_days is not None
        else getattr(owner, "decision_lead_days", None),
        need.quality_approach or getattr(owner, "quality_approach", ""),
        need.risk_appetite or getattr(owner, "risk_appetite", ""),
    )


def candidate_expectation(offers: Iterable[Offer]) -> Expectation:
    for offer in offers:
        if offer.goal_type or offer.first_result_months is not None or offer.budget_jpy is not None:
            return Expectation(
                goal_type=offer.goal_type or None,  # type: ignore[arg-type]
                first_result_months=float(offer.first_result_months) if offer.first_result_months else None,
                budget_jpy=float(offer.budget_jpy) if offer.budget_jpy is not None else None,
            )
    return Expectation()


def need_expectation(need: Need) -> Expectation:
    budget = need.budget_max_jpy if need.budget_max_jpy is not None else need.budget_min_jpy
    return Expectation(
        goal_type=need.goal_type or None,  # type: ignore[arg-type]
        first_result_months=float(need.first_result_months) if need.first_result_months else None,
        budget_jpy=float(budget) if budget is not None else None,
    )


def fit(
    need: Need,
    org: Organisation,
    *,
    technology_relevance: float | None,
    offers: list[Offer],
    answers: list[ChecklistAnswer],
) -> FitResult:
    return fit_score(
        FitInput(
            need_text=need.search_text,
            candidate_text=org.description,
            technology_relevance=technology_relevance,
            corporate_culture=need_culture(need),
            candidate_culture=_culture(org.decision_lead_days, org.quality_approach, org.risk_appetite),
            need_expectation=need_expectation(need),
            candidate_expectation=candidate_expectation(offers),
            checklist=checklist_of(org, answers),
        )
    )
