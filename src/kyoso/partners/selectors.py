"""Reads of the partner directory beyond simple querysets: filters, facets, search pages, fit ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from kyoso.engine.text import FitResult, Hit
from kyoso.partners import search
from kyoso.partners.models import (
    Candidate,
    ChecklistAnswer,
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Stage,
    YesNoUnknown,
)

SEARCH_WINDOW = 200


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


def facets(qs: QuerySet[Organisation]) -> dict[str, list[dict[str, Any]]]:
    """Counts per kind, stage and country (three grouped queries whatever the size)."""
    kinds = dict(OrganisationKind.choices)
    stages = dict(Stage.choices)
    by_kind = qs.order_by().values("kind").annotate(n=Count("id")).order_by("-n")
    by_stage = qs.exclude(stage="").order_by().values("stage").annotate(n=Count("id")).order_by("-n")
    by_country = (
        qs.exclude(country="").order_by().values("country").annotate(n=Count("id")).order_by("-n")[:15]
    )
    return {
        "kind": [
            {"value": r["kind"], "label": kinds.get(r["kind"], r["kind"]), "count": r["n"]} for r in by_kind
        ],
        "stage": [
            {"value": r["stage"], "label": stages.get(r["stage"], r["stage"]), "count": r["n"]}
            for r in by_stage
        ],
        "country": [{"value": r["country"], "label": r["country"], "count": r["n"]} for r in by_country],
    }


def list_columns(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.defer("internal_notes", "oi_experience_text", "industry_keys")


@dataclass
class SearchRow:
    organisation: Organisation
    hit: Hit


def search_directory(
    qs: QuerySet[Organisation],
    workspace_id: int,
    query: str,
    filters: dict[str, Any],
    *,
    lang: str,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[SearchRow], int, dict[str, list[dict[str, Any]]]]:
    """(rows of this page, total hits, facets over the best SEARCH_WINDOW hits)."""
    filtered = filter_directory(qs, filters)
    allowed = set(filtered.values_list("pk", flat=True)) if has_filters(filters) else None
    window = search.search(workspace_id, query, top=SEARCH_WINDOW, allowed_ids=allowed, lang=lang)
    total = (
        len(window) if len(window) < SEARCH_WINDOW else search.count(workspace_id, query, allowed_ids=allowed)
    )
    ids = [h.doc_id for h in window]
    page_hits = window[offset : offset + limit]
    orgs = list_columns(qs).in_bulk([h.doc_id for h in page_hits])
    rows = [SearchRow(orgs[h.doc_id], h) for h in page_hits if h.doc_id in orgs]
    return rows, total, facets(qs.filter(pk__in=ids))


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
    pool = organisations.exclude(kind=OrganisationKind.CORPORATE)
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
