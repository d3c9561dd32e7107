"""Knowledge API: retrospectives (CRUD, share agreement), library search, similar past cases.

Internal to the workspace: partner users (no workspace) get 403/404 here; they write
their own view in the shared space pages.
"""

from typing import Any, Literal

from django.apps import apps
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import Converted, KyosoPagination, errors
from kyoso.api.knowledge_schemas import (
    RetrospectiveIn,
    RetrospectiveOut,
    RetrospectivePatch,
    SearchHitOut,
    ShareIn,
    SimilarCaseOut,
)
from kyoso.knowledge import selectors, services
from kyoso.knowledge.models import Retrospective

router = Router()
PREFIX = "lessons"
TAG = "knowledge"
SCOPE = "knowledge"


def _out(r: Retrospective) -> dict[str, Any]:
    return {
        "id": r.pk,
        "project_id": r.project_id,
        "project_title": r.project.title,
        "outcome": r.outcome,
        "headline": r.headline,
        "what_worked": r.what_worked,
        "what_failed": r.what_failed,
        "lessons": r.lessons,
        "countermeasure": r.countermeasure,
        "written_on": r.written_on,
        "written_by": r.written_by.email if r.written_by_id and r.written_by else None,
        "industry": r.industry,
        "partner_name": r.partner_name,
        "partner_kind": r.partner_kind,
        "stage_reached": r.stage_reached,
        "business_unit": r.business_unit,
        "causes": [{"cause": c.cause, "weight": c.weight} for c in r.causes.all()],
        "share_agreed": r.share_agreed,
        "exchanged": r.visibility == "shared",
        "updated_at": r.updated_at,
    }


def _get(request: HttpRequest, retro_id: int) -> Retrospective:
    c = caller(request)
    return c.get(selectors.with_causes(c.scoped(Retrospective)), pk=retro_id)


@router.get(
    "/retrospectives", response=list[RetrospectiveOut], summary="List retrospectives (library filters)"
)
@paginate(KyosoPagination)
def list_retrospectives(
    request: HttpRequest,
    cause: str = "",
    industry: str = "",
    partner_kind: str = "",
    stage: str = "",
    year: str = "",
    outcome: str = "",
    project: int | None = None,
) -> Any:
    c = caller(request)
    f = selectors.LibraryFilters(
        cause=cause, industry=industry, partner_kind=partner_kind, stage=stage, year=year, outcome=outcome
    )
    qs = selectors.filtered(c.scoped(Retrospective), f)
    if project:
        qs = qs.filter(project_id=project)
    return Converted(selectors.with_causes(qs).order_by("-written_on", "-pk")[:2000], _out)


@router.get(
    "/retrospectives/{retro_id}",
    response={200: RetrospectiveOut, **errors(404)},
    summary="Get a retrospective",
)
def get_retrospective(request: HttpRequest, retro_id: int) -> Any:
    return _out(_get(request, retro_id))


@router.post(
    "/retrospectives", response={201: RetrospectiveOut, **errors(404, 422)}, summary="Write a retrospective"
)
@require_scope("knowledge:write")
def create_retrospective(request: HttpRequest, data: RetrospectiveIn) -> Any:
    c = caller(request)
    project = c.get(apps.get_model("projects", "Project"), pk=data.project_id)
    payload = data.dict(exclude={"project_id"})
    context = {
        k: payload.pop(k) for k in ("industry", "partner_kind", "stage_reached") if payload.get(k) is not None
    }
    for k in ("industry", "partner_kind", "stage_reached"):
        payload.pop(k, None)
    retro = services.create_retrospective(project=project, by=c.user, **payload, **context)
    return Status(201, _out(_get(request, retro.pk)))


@router.patch(
    "/retrospectives/{retro_id}",
    response={200: RetrospectiveOut, **errors(404, 422)},
    summary="Change a retrospective",
)
@require_scope("knowledge:write")
def update_retrospective(request: HttpRequest, retro_id: int, data: RetrospectivePatch) -> Any:
    retro = _get(request, retro_id)
    fields = {k: v for k, v in data.dict(exclude_unset=True).items() if v is not None}
    causes = fields.pop("causes", None)
    services.update_retrospective(retrospective=retro, by=caller(request).user, causes=causes, **fields)
    return _out(_get(request, retro_id))


@router.delete(
    "/retrospectives/{retro_id}", response={204: None, **errors(404)}, summary="Delete a retrospective"
)
@require_scope("knowledge:write", sensitive=True)
def delete_retrospective(request: HttpRequest, retro_id: int) -> Any:
    services.delete_retrospective(retrospective=_get(request, retro_id), by=caller(request).user)
    return Status(204, None)


@router.post(
    "/retrospectives/{retro_id}/share",
    response={200: RetrospectiveOut, **errors(404)},
    summary="Agree (or withdraw) to exchange this retrospective with the partner's view",
)
@require_scope("knowledge:write")
def share(request: HttpRequest, retro_id: int, data: ShareIn) -> Any:
    retro = _get(request, retro_id)
    services.set_corporate_agreement(retrospective=retro, by=caller(request).user, agreed=data.agreed)
    return _out(_get(request, retro_id))


@router.get("/search", response=list[SearchHitOut], summary="Search the library (Japanese or English)")
@paginate(KyosoPagination)
def search(
    request: HttpRequest,
    q: str,
    cause: str = "",
    industry: str = "",
    partner_kind: str = "",
    stage: str = "",
    year: str = "",
    lang: Literal["ja", "en"] = "ja",
) -> Any:
    c = caller(request)
    f = selectors.LibraryFilters(
        q=q.strip(), cause=cause, industry=industry, partner_kind=partner_kind, stage=stage, year=year
    )
    if c.workspace is None:
        return []
    rows, _total, reasons = selectors.library(
        c.scoped(Retrospective), f, workspace_id=c.workspace.pk, lang=lang, offset=0, limit=200
    )
    return [{"retrospective": _out(r), "reasons": reasons.get(r.pk, [])} for r in rows]


@router.get(
    "/projects/{project_id}/similar",
    response={200: list[SimilarCaseOut], **errors(404)},
    summary="Past cases resembling a live project, with why they match",
)
def similar(request: HttpRequest, project_id: int, top: int = 5, lang: Literal["ja", "en"] = "ja") -> Any:
    c = caller(request)
    project = c.get(apps.get_model("projects", "Project"), pk=project_id)
    try:
        diagnoses = c.scoped(apps.get_model("risk", "Diagnosis"))
    except LookupError:  # pragma: no cover
        diagnoses = None
    matches = selectors.similar_cases(project, c.scoped(Retrospective), diagnoses, top=max(1, min(top, 20)))
    return [
        {
            "retrospective": _out(r),
            "score": m.score,
            "pattern": m.pattern,
            "context": m.context,
            "reasons": [x.text(lang) for x in m.reasons],
        }
        for r, m in matches
    ]
