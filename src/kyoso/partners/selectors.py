"""Reads of the partner directory beyond simple querysets: filters, facets, search pages, fit ranking."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet

from kyoso.core.global_search import SearchCaller, page_of, text_matches
from kyoso.engine.text import FitResult, Hit
from kyoso.partners import search
from kyoso.partners.models import (
    Candidate,
    ChecklistAnswer,
    Contact,
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Stage,
    YesNoUnknown,
)
from kyoso.projects.models import Stage as ProjectStage

SEARCH_WINDOW = 200
# Directory totals and facet counts are cached per workspace, filters and search index version (any
# write that changes an organisation or its checklist bumps the version, so a changed directory
# misses); the timeout only bounds what a write outside `partners.services` could leave stale.
SUMMARY_CACHE_SECONDS = 3600
FILTER_KEYS = ("kind", "stage", "country", "industry", "checklist")


def engaged_ids(workspace_id: int) -> set[int]:
    """Organisations that are a party of an active (not stopped) project of the workspace."""
    return set(
        Organisation.objects.filter(
            workspace_id=workspace_id,
            project_parties__project__workspace_id=workspace_id,
            project_parties__project__stage__in=[s for s in ProjectStage.values if s != ProjectStage.STOPPED],
        ).values_list("pk", flat=True)
    )


def not_partners(workspace_id: int, *, hide_engaged: bool = False) -> set[int]:
    """Ids partner search leaves out: the workspace's own company (it ranked first for needs
    written about it), and on request the partners already engaged."""
    ids = set(
        Organisation.objects.filter(workspace_id=workspace_id, is_own=True).values_list("pk", flat=True)
    )
    if hide_engaged:
        ids |= engaged_ids(workspace_id)
    return ids


def past_collaborations(organisation: Organisation | None, recorded: int | None = None) -> int | None:
    """Past open-innovation collaborations: the directory's count when known, else the `recorded` copy.

    A project's party copies the count when the project starts; reading the directory first keeps
    the organisation page and every project page on one number.
    """
    if organisation is not None and organisation.oi_experience_count is not None:
        return organisation.oi_experience_count
    return recorded


def with_detail(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """An organisation's page: contacts, offers, needs (newest first) and checklist answers in bulk."""
    return qs.prefetch_related(
        "contacts",
        "offers",
        Prefetch("needs", queryset=Need.objects.order_by("-created_at")),
        Prefetch("checklist_answers", queryset=ChecklistAnswer.objects.select_related("answered_by")),
    )


def contacts_of(organisation: Organisation) -> QuerySet[Contact]:
    """The contact persons of an organisation already read in scope."""
    return Contact.objects.within(organisation=organisation).order_by("name", "pk")


def checklist_answer(organisation: Organisation, item: str) -> ChecklistAnswer | None:
    return ChecklistAnswer.objects.within(organisation=organisation).filter(item=item).first()


def filter_directory(qs: QuerySet[Organisation], filters: dict[str, Any]) -> QuerySet[Organisation]:
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("stage"):
        qs = qs.filter(stage=filters["stage"])
    if filters.get("country"):
        qs = qs.filter(country__iexact=filters["country"].strip())
    if filters.get("industry"):
        qs = qs.filter(industry_keys__contains=f";{filters['industry'].strip().lower()};")
    if filters.get("checklist"):
        qs = qs.filter(
            checklist_answers__item=filters["checklist"], checklist_answers__answer=YesNoUnknown.YES
        )
    return qs


def has_filters(filters: dict[str, Any]) -> bool:
    return any(filters.get(k) for k in ("kind", "stage", "country", "industry", "checklist"))


def _facet_counts(qs: QuerySet[Organisation]) -> dict[str, list[tuple[str, int]]]:
    """(value, count) per kind, stage and country (three grouped queries whatever the size)."""
    by_kind = qs.order_by().values("kind").annotate(n=Count("id")).order_by("-n")
    by_stage = qs.exclude(stage="").order_by().values("stage").annotate(n=Count("id")).order_by("-n")
    by_country = (
        qs.exclude(country="").order_by().values("country").annotate(n=Count("id")).order_by("-n")[:15]
    )
    return {
        "kind": [(r["kind"], r["n"]) for r in by_kind],
        "stage": [(r["stage"], r["n"]) for r in by_stage],
        "country": [(r["country"], r["n"]) for r in by_country],
    }


def _labelled(counts: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict[str, Any]]]:
    # Labels are added per request (in its language), never cached.
    labels = {"kind": dict(OrganisationKind.choices), "stage": dict(Stage.choices), "country": {}}
    return {
        facet: [{"value": v, "label": labels[facet].get(v, v), "count": n} for v, n in rows]
        for facet, rows in counts.items()
    }


def facets(qs: QuerySet[Organisation]) -> dict[str, list[dict[str, Any]]]:
    """Counts per kind, stage and country (three grouped queries whatever the size)."""
    return _labelled(_facet_counts(qs))


def _summary_key(workspace: Any, version: int, filters: dict[str, Any]) -> str:
    wanted = {k: str(filters[k]).strip() for k in FILTER_KEYS if filters.get(k)}
    if "country" in wanted:
        wanted["country"] = wanted["country"].upper()  # compared case-insensitively
    if "industry" in wanted:
        wanted["industry"] = wanted["industry"].lower()
    digest = hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:32]
    # created_at tells a workspace apart from a later one given the same pk (rolled-back tests).
    born = workspace.created_at.timestamp() if workspace.created_at else 0
    return f"partners:directory:{workspace.pk}:{born}:{version}:{digest}"


def directory_summary(
    qs: QuerySet[Organisation], workspace: Any, filters: dict[str, Any]
) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """(total, facets) of the filtered directory `qs` of `workspace`, from the cache while its
    search index version is unchanged; the first request after a write computes them."""
    if workspace is None:
        return qs.count(), facets(qs)
    key = _summary_key(workspace, search.current_version(workspace.pk), filters)
    hit = cache.get(key)
    if hit is None:
        hit = (qs.count(), _facet_counts(qs))
        cache.set(key, hit, SUMMARY_CACHE_SECONDS)
    total, counts = hit
    return total, _labelled(counts)


def list_columns(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.defer("internal_notes", "oi_experience_text", "industry_keys")


@dataclass
class SearchRow:
    organisation: Organisation
    hit: Hit


@dataclass
class SearchResults:
    rows: list[SearchRow]
    total: int  # matches shown (after the cut-off)
    hidden: int  # weakly related matches left out by the cut-off
    facets: dict[str, list[dict[str, Any]]]


def search_directory(
    qs: QuerySet[Organisation],
    workspace_id: int,
    query: str,
    filters: dict[str, Any],
    *,
    lang: str,
    offset: int = 0,
    limit: int = 20,
    hide_engaged: bool = False,
    show_weak: bool = False,
) -> SearchResults:
    """A page of partner search (never the workspace's own company), the totals, and facets over
    the best SEARCH_WINDOW hits; weakly related matches are counted, not listed, unless asked."""
    filtered = filter_directory(qs, filters)
    allowed = set(filtered.values_list("pk", flat=True)) if has_filters(filters) else None
    # one scoring pass; reasons only for the shown page (building them for the whole window was
    # most of the page's time at 100,000 organisations)
    page_hits, ids, total, hidden = search.search_page(
        workspace_id,
        query,
        window=SEARCH_WINDOW,
        offset=offset,
        limit=limit,
        allowed_ids=allowed,
        exclude_ids=not_partners(workspace_id, hide_engaged=hide_engaged),
        lang=lang,
        min_relative=0.0 if show_weak else search.WEAK_CUTOFF,
    )
    orgs = list_columns(qs).in_bulk([h.doc_id for h in page_hits])
    rows = [SearchRow(orgs[h.doc_id], h) for h in page_hits if h.doc_id in orgs]
    return SearchResults(rows, total, hidden, _labelled(_window_facet_counts(qs.filter(pk__in=ids))))


def _window_facet_counts(qs: QuerySet[Organisation]) -> dict[str, list[tuple[str, int]]]:
    """`_facet_counts` of at most SEARCH_WINDOW organisations: their three columns in one query,
    counted here, instead of three grouped queries."""
    kinds: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for kind, stage, country in qs.order_by().values_list("kind", "stage", "country"):
        kinds[kind] += 1
        if stage:
            stages[stage] += 1
        if country:
            countries[country] += 1

    def ranked(counts: Counter[str], top: int | None = None) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

    return {"kind": ranked(kinds), "stage": ranked(stages), "country": ranked(countries, 15)}


@dataclass
class CandidateRow:
    organisation: Organisation
    fit: FitResult
    hit: Hit | None
    candidate: Candidate | None

    def reasons(self, lang: str) -> list[tuple[str, int, str]]:
        return [(c.id, round(c.value * 100), c.reason(lang)) for c in self.fit.components]


def ranked_candidates(
    need: Need, organisations: QuerySet[Organisation], *, lang: str, top: int = 20
) -> list[CandidateRow]:
    """The need's best candidates by fit score: search hits plus everything already shortlisted."""
    shortlisted = {c.organisation_id: c for c in need.candidates.all()}
    pool = organisations.exclude(kind=OrganisationKind.CORPORATE).exclude(is_own=True)
    if need.organisation_id:
        pool = pool.exclude(pk=need.organisation_id)
    allowed = set(pool.values_list("pk", flat=True))
    hits = search.search(need.workspace_id, need.search_text, top=top * 2, allowed_ids=allowed, lang=lang)
    by_id = {h.doc_id: h for h in hits}
    ids = list(dict.fromkeys([*by_id, *shortlisted]))
    relevance = search.relevance(need.workspace_id, need.search_text, ids) if ids else {}
    orgs = organisations.filter(pk__in=ids).prefetch_related(
        Prefetch("offers", queryset=Offer.objects.order_by("pk")),
        Prefetch("checklist_answers", queryset=ChecklistAnswer.objects.all()),
    )
    rows = []
    for org in orgs:
        result = search.fit(
            need,
            org,
            technology_relevance=relevance.get(org.pk, 0.0),
            offers=list(org.offers.all()),
            answers=list(org.checklist_answers.all()),
        )
        rows.append(CandidateRow(org, result, by_id.get(org.pk), shortlisted.get(org.pk)))
    rows.sort(key=lambda r: (-r.fit.score, r.organisation.name))
    keep = [r for r in rows if r.candidate is not None]
    others = [r for r in rows if r.candidate is None][: max(0, top - len(keep))]
    return sorted(keep + others, key=lambda r: (-r.fit.score, r.organisation.name))


# --------------------------------------------------------------------------- the global search box


def search_organisations(caller: SearchCaller, query: str, limit: int) -> tuple[list[Organisation], int]:
    """Organisations whose name, website or description contain the query (members only:
    the directory is never shown to partner users or event participants)."""
    if not caller.is_member:
        return [], 0
    qs = Organisation.objects.for_member(caller.user, caller.workspace).only(
        "pk", "name", "kind", "country", "description"
    )
    return page_of(text_matches(qs, query, name="name", fields=("website", "description")), limit)


def search_needs(caller: SearchCaller, query: str, limit: int) -> tuple[list[Need], int]:
    """Needs whose title, description or reason contain the query (members only)."""
    if not caller.is_member:
        return [], 0
    qs = Need.objects.for_member(caller.user, caller.workspace).only("pk", "title", "status", "description")
    return page_of(text_matches(qs, query, name="title", fields=("description", "why")), limit)
