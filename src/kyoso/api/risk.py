"""Risk API: stored diagnoses per project, the heat map, warnings (list, acknowledge, resolve).

Internal to the workspace: partner users have no workspace here and get 404 on every route.
Reads use the stored diagnoses; only `recompute` (and a first read of a never-diagnosed project)
runs the engine.
"""

from typing import Any, Literal

from django.apps import apps
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import Converted, KyosoPagination, errors
from kyoso.api.risk_schemas import DiagnosisOut, DiagnosisSummaryOut, HeatRowOut, WarningOut
from kyoso.risk import selectors, services
from kyoso.risk.models import Diagnosis, RiskWarning

router = Router()

SortKey = Literal[
    "overall",
    "title",
    "purpose",
    "partner_fit",
    "internal_structure",
    "communication",
    "ip_contract",
    "short_termism",
]


def _project(request: HttpRequest, project_id: int) -> Any:
    return caller(request).get(apps.get_model("projects", "Project"), pk=project_id)


def _ref(project: Any) -> dict[str, Any]:
    return {"id": project.pk, "title": project.title, "stage": project.stage}


def _summary(d: Diagnosis) -> dict[str, Any]:
    return {
        "id": d.pk,
        "project_id": d.project_id,
        "computed_at": d.computed_at,
        "as_of": d.as_of,
        "overall": {"score": d.overall_score, "level": d.overall_level},
        "scores": d.scores(),
        "top_cause": d.top_cause,
    }


def _user(user: Any) -> str | None:
    return user.email if user is not None else None


def _warning(w: RiskWarning, lang: str) -> dict[str, Any]:
    return {
        "id": w.pk,
        "project": _ref(w.project),
        "kind": w.kind,
        "message": w.message(lang),
        "message_ja": w.message_ja,
        "message_en": w.message_en,
        "since": w.since,
        "status": w.status,
        "raised_at": w.raised_at,
        "acknowledged_by": _user(w.acknowledged_by),
        "acknowledged_at": w.acknowledged_at,
        "resolved_by": _user(w.resolved_by),
        "resolved_at": w.resolved_at,
    }


@router.get(
    "/projects/{project_id}/diagnosis",
    response={200: DiagnosisOut, **errors(404)},
    summary="The project's current diagnosis: six causes, evidence, countermeasures, rules",
)
def project_diagnosis(request: HttpRequest, project_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    c = caller(request)
    project = _project(request, project_id)
    d = c.scoped(Diagnosis).filter(project=project, is_current=True).first()
    if d is None:
        d = services.recompute(project).diagnosis
    return {**_summary(d), "result": d.result(lang)}


@router.get(
    "/projects/{project_id}/diagnoses",
    response=list[DiagnosisSummaryOut],
    summary="Earlier diagnoses of a project, newest first",
)
@paginate(KyosoPagination)
def project_history(request: HttpRequest, project_id: int) -> Any:
    c = caller(request)
    project = _project(request, project_id)
    qs = (
        c.scoped(Diagnosis)
        .filter(project=project)
        .defer(*selectors.HEAVY_FIELDS)
        .order_by("-computed_at", "-pk")
    )
    return Converted(qs[:500], _summary)


@router.post(
    "/projects/{project_id}/recompute",
    response={200: DiagnosisOut, **errors(404)},
    summary="Diagnose the project again now",
)
@require_scope("risk:write")
def recompute(request: HttpRequest, project_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    project = _project(request, project_id)
    d = services.recompute(project, force=True).diagnosis
    return {**_summary(d), "result": d.result(lang)}


@router.get("/heatmap", response=list[HeatRowOut], summary="Portfolio heat map: projects × six causes")
@paginate(KyosoPagination)
def heat_map(
    request: HttpRequest,
    sort: SortKey = "overall",
    descending: bool = True,
    include_stopped: bool = False,
) -> Any:
    c = caller(request)
    rows, _ = selectors.heat_map(
        c.scoped(Diagnosis),
        c.scoped(apps.get_model("projects", "Project")),
        sort=sort,
        descending=descending,
        include_stopped=include_stopped,
        limit=2000,
    )
    return [
        {
            "project": _ref(r.project),
            "overall": {"score": r.overall.score, "level": r.overall.level} if r.overall else None,
            "cells": [{"cause": cell.cause, "score": cell.score, "level": cell.level} for cell in r.cells],
        }
        for r in rows
    ]


@router.get("/warnings", response=list[WarningOut], summary="Warnings of the workspace")
@paginate(KyosoPagination)
def list_warnings(
    request: HttpRequest,
    status: Literal["unresolved", "open", "acknowledged", "resolved", "all"] = "unresolved",
    kind: str = "",
    project: int | None = None,
    lang: Literal["ja", "en"] = "ja",
) -> Any:
    c = caller(request)
    qs = selectors.filter_warnings(
        c.scoped(RiskWarning), status=status, kind=kind, project=str(project) if project else ""
    )
    return Converted(qs[:2000], lambda w: _warning(w, lang))


def _warning_in_scope(request: HttpRequest, warning_id: int) -> RiskWarning:
    c = caller(request)
    return c.get(c.scoped(RiskWarning).select_related("project"), pk=warning_id)


@router.post(
    "/warnings/{warning_id}/acknowledge",
    response={200: WarningOut, **errors(404, 422)},
    summary="Acknowledge a warning",
)
@require_scope("risk:write")
def acknowledge(request: HttpRequest, warning_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    w = services.acknowledge_warning(warning=_warning_in_scope(request, warning_id), by=caller(request).user)
    return _warning(w, lang)


@router.post(
    "/warnings/{warning_id}/resolve", response={200: WarningOut, **errors(404)}, summary="Resolve a warning"
)
@require_scope("risk:write")
def resolve(request: HttpRequest, warning_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    w = services.resolve_warning(warning=_warning_in_scope(request, warning_id), by=caller(request).user)
    return _warning(w, lang)
