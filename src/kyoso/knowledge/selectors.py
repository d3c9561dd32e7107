"""Reads for the library: filters, search, similar past cases, projects awaiting a retrospective."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from kyoso.core.global_search import SearchCaller, page_of, text_matches
from kyoso.knowledge import search as library_search
from kyoso.knowledge.causes import CAUSES
from kyoso.knowledge.models import PartnerView, Retrospective, RetrospectiveCause
from kyoso.knowledge.services import partner_industries
from kyoso.knowledge.similarity import LiveCase, Match, PastCase, rank
from kyoso.projects.models import Project
from kyoso.risk.models import Diagnosis

CLOSED_STAGES = ("stopped", "commercialisation")
SIMILAR_POOL = 2000


@dataclass
class LibraryFilters:
    q: str = ""
    cause: str = ""
    industry: str = ""
    partner_kind: str = ""
    stage: str = ""
    year: str = ""
    outcome: str = ""

    @classmethod
    def from_params(cls, params: Any) -> LibraryFilters:
        return cls(**{name: (params.get(name) or "").strip() for name in cls.__dataclass_fields__})

    def as_query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in self.__dict__.items() if v})


def partner_sides(user: Any, workspace: Any, project: Project) -> dict[str, Any]:
    """What the retrospective page says about the partner's side of a project read in scope."""
    view = PartnerView.objects.for_member(user, workspace).filter(project=project, exchanged=True).first()
    return {
        "partner_view": view,
        "has_partner": project.partner_accesses.filter(revoked_at__isnull=True).exists(),
        "partner_agreed": PartnerView.objects.within(project=project).filter(share_agreed=True).exists(),
    }


def partner_project(user: Any, pk: int) -> Project | None:
    return Project.objects.for_partner(user).filter(pk=pk).select_related("workspace").first()


def partner_views_home(user: Any, limit: int = 100) -> list[dict[str, Any]]:
    """The partner's projects, each with the partner's own view of it (None before it was written)."""
    projects = list(Project.objects.for_partner(user).order_by("-updated_at", "-id")[:limit])
    views = {v.project_id: v for v in PartnerView.objects.for_partner(user).filter(project__in=projects)}
    return [{"project": p, "view": views.get(p.pk)} for p in projects]


def partner_view_of(user: Any, project: Project) -> PartnerView | None:
    return PartnerView.objects.for_partner(user, project).first()


def shared_retrospectives(user: Any, project: Project) -> list[Retrospective]:
    """Only retrospectives the scoping mechanism shares (both sides agreed) reach the partner."""
    return list(Retrospective.objects.for_partner(user, project).prefetch_related("causes"))


def with_causes(qs: QuerySet[Retrospective]) -> QuerySet[Retrospective]:
    return qs.select_related("project", "written_by").prefetch_related(
        Prefetch("causes", queryset=RetrospectiveCause.objects.order_by("-weight", "cause"))
    )


def filtered(qs: QuerySet[Retrospective], f: LibraryFilters) -> QuerySet[Retrospective]:
    if f.cause in CAUSES:
        qs = qs.filter(Exists(RetrospectiveCause.objects.filter(retrospective=OuterRef("pk"), cause=f.cause)))
    if f.industry:
        qs = qs.filter(industry=f.industry)
    if f.partner_kind:
        qs = qs.filter(partner_kind=f.partner_kind)
    if f.stage:
        qs = qs.filter(stage_reached=f.stage)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.year.isdigit():
        qs = qs.filter(written_on__year=int(f.year))
    return qs


def library(
    qs: QuerySet[Retrospective],
    f: LibraryFilters,
    *,
    workspace_id: int,
    lang: str,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[Retrospective], int, dict[int, list[str]]]:
    """(page of retrospectives, total, {id: search reasons}); ranked by the engine when there is a query."""
    qs = filtered(qs, f)
    if not f.q:
        total = qs.count()
        return list(with_causes(qs).order_by("-written_on", "-id")[offset : offset + limit]), total, {}
    allowed = set(qs.values_list("pk", flat=True)[:50_000])
    hits = library_search.search(workspace_id, f.q, top=limit, offset=offset, allowed_ids=allowed, lang=lang)
    total = library_search.count(workspace_id, f.q, allowed_ids=allowed)
    by_id = {r.pk: r for r in with_causes(qs.filter(pk__in=[h.doc_id for h in hits]))}
    rows = [by_id[int(h.doc_id)] for h in hits if int(h.doc_id) in by_id]
    return rows, total, {int(h.doc_id): h.reasons for h in hits}


def facets(qs: QuerySet[Retrospective]) -> dict[str, list[Any]]:
    """The values the filters offer (three small queries)."""
    return {
        "industries": sorted(
            i for i in qs.exclude(industry="").values_list("industry", flat=True).distinct()[:200]
        ),
        "years": sorted(
            {
                y
                for y in qs.annotate(y=ExtractYear("written_on")).values_list("y", flat=True).distinct()[:100]
                if y
            },
            reverse=True,
        ),
    }


def awaiting_retrospective(projects: QuerySet[Any], limit: int = 20) -> list[Any]:
    """Stopped or commercialised projects without any retrospective, most recently closed first."""
    return list(
        projects.filter(stage__in=CLOSED_STAGES)
        .exclude(Exists(Retrospective.objects.filter(project=OuterRef("pk"))))
        .select_related("owner")
        .order_by("-stage_entered", "-id")[:limit]
    )


# --------------------------------------------------------------------------- similar past cases


def live_case(project: Any, diagnoses: QuerySet[Any] | None) -> LiveCase:
    """The live project as the similarity module sees it: current diagnosis scores and context."""
    from kyoso.projects.models import ProjectParty

    scores: dict[str, float] = {}
    if diagnoses is not None:
        current = diagnoses.filter(project=project, is_current=True).values(*CAUSES).first()
        if current:
            scores = {c: float(current[c] or 0) for c in CAUSES}
    party = ProjectParty.objects.filter(project=project, side="partner").values("name", "kind").first()
    industries: frozenset[str] = frozenset()
    if party:
        industries = frozenset(
            partner_industries(project.workspace_id, [party["name"]]).get(party["name"], [])
        )
    return LiveCase(
        scores=scores,
        industries=industries,
        partner_kind=(party or {}).get("kind") or "",
        stage=project.stage,
    )


def similar_cases(
    project: Any, retrospectives: QuerySet[Retrospective], diagnoses: QuerySet[Any] | None, *, top: int = 5
) -> list[tuple[Retrospective, Match]]:
    """Library entries of other projects resembling `project`, best first, each with its match and reasons."""
    live = live_case(project, diagnoses)
    pool = retrospectives.exclude(project=project).order_by("-written_on", "-id")
    weights: dict[int, dict[str, int]] = {}
    for rid, cause, weight in RetrospectiveCause.objects.filter(
        retrospective__in=pool.values("pk")[:SIMILAR_POOL]
    ).values_list("retrospective_id", "cause", "weight"):
        weights.setdefault(rid, {})[cause] = weight
    past = [
        PastCase(
            id=r["pk"],
            weights=weights.get(r["pk"], {}),
            industry=r["industry"],
            partner_kind=r["partner_kind"],
            stage=r["stage_reached"],
        )
        for r in pool.values("pk", "industry", "partner_kind", "stage_reached")[:SIMILAR_POOL]
    ]
    matches = rank(live, past, top=top)
    by_id = {r.pk: r for r in with_causes(Retrospective.objects.filter(pk__in=[m.id for m in matches]))}
    return [(by_id[m.id], m) for m in matches if m.id in by_id]


def diagnoses_for(request_or_scope: Any) -> QuerySet[Any]:
    """The risk app's stored diagnoses the member may read."""
    from kyoso.accounts.access import scoped

    return scoped(request_or_scope, Diagnosis)


def dashboard_panel_context(request: Any) -> dict[str, Any] | None:
    if getattr(request, "membership", None) is None:
        return None
    from kyoso.accounts.access import scoped
    from kyoso.projects.models import Project

    waiting = awaiting_retrospective(scoped(request, Project), limit=6)
    if not waiting:
        return None
    return {"waiting": waiting[:5], "more": len(waiting) > 5}


# --------------------------------------------------------------------------- the global search box

LESSON_TEXT = ("lessons", "what_worked", "what_failed", "countermeasure", "partner_name", "industry")


def search_lessons(caller: SearchCaller, query: str, limit: int) -> tuple[list[Retrospective], int, bool]:
    """Lessons matching the query, and whether they were read as the caller's partner spaces.

    Records containing the query as written rank first; a member's page is then filled from the
    library's bilingual index (「需要予測」 also finds "demand forecasting"). A partner user
    finds only the lessons both sides agreed to share."""
    if not caller.is_member:
        qs = Retrospective.objects.for_partner(caller.user).select_related("project")
        return (*page_of(text_matches(qs, query, name="headline", fields=LESSON_TEXT), limit), True)
    qs = Retrospective.objects.for_member(caller.user, caller.workspace)
    literal = text_matches(qs.select_related("project"), query, name="headline", fields=LESSON_TEXT)
    rows, total = page_of(literal, limit)
    literal_ids = set(literal.values_list("pk", flat=True)[:500])
    allowed = set(qs.values_list("pk", flat=True)[:50_000])
    hits = library_search.search(caller.workspace.pk, query, top=50, allowed_ids=allowed, lang=caller.lang)
    extra = [int(h.doc_id) for h in hits if int(h.doc_id) not in literal_ids]
    total += len(extra)
    wanted = extra[: max(0, limit - len(rows))]
    # One query even when nothing is wanted (pk -1 never exists): the same cost at every size.
    found = qs.select_related("project").in_bulk(wanted or [-1])
    rows += [found[pk] for pk in wanted if pk in found]
    return rows, total, False
