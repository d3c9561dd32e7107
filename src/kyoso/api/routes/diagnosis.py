"""Diagnose a snapshot without storing anything (scope: diagnosis)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema

from kyoso.api.auth import require_scope
from kyoso.api.conventions import errors


class DiagnosisOverallOut(Schema):
    score: int
    level: str


class DiagnosisCauseOut(Schema):
    id: str
    name: str
    score: int
    level: str
    evidence: list[str]
    countermeasures: list[str]
    rules: list[dict[str, Any]]


class DiagnosisOut(Schema):
    overall: DiagnosisOverallOut
    causes: list[DiagnosisCauseOut] = Field(..., description="All six failure causes, highest score first.")
    gaps: list[dict[str, Any]] = Field(
        ..., description="Alignment gaps between the two sides, most severe first."
    )
    warnings: list[dict[str, Any]]
    data_to_complete: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Facts the snapshot does not record that would sharpen the diagnosis (not risks): id, cause, "
        "field (JSON path), points, message.",
    )
    as_of: str | None
    lang: str
    engine_version: int


TAG = "diagnosis"
router = Router()


@router.post(
    "",
    response={200: DiagnosisOut, **errors(400, 422)},
    summary="Diagnose a project snapshot (stateless)",
    description="POST a project snapshot (the JSON a project's diagnosis export gives, see docs/api.md) and get "
    "the failure-risk diagnosis back. Nothing is stored. A malformed snapshot answers 422 whose 'loc' is the "
    'JSON path of the fault, e.g. ["body", "project", "gates", 2, "date"].',
)
@require_scope("diagnosis:read")
def diagnose_snapshot(
    request: HttpRequest,
    snapshot: dict[str, Any] = Body(..., description="The snapshot JSON object."),
    lang: Literal["ja", "en"] = "ja",
) -> dict[str, Any]:
    from kyoso.engine.diagnosis import diagnose, parse_snapshot

    parsed = parse_snapshot(snapshot)  # SnapshotError → 422 with the JSON path (see kyoso.api.core)
    result = diagnose(parsed, lang=lang)
    return result.to_json()  # type: ignore[no-any-return]
