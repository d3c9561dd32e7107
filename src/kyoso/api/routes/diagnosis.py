"""Diagnose a snapshot without storing anything (scope: diagnosis)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Body, Router

from kyoso.api.auth import ApiError, require_scope
from kyoso.api.conventions import errors

TAG = "diagnosis"
router = Router()


@router.post(
    "",
    response={200: dict[str, Any], **errors(400, 422)},
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
    try:
        from kyoso.engine.diagnosis import diagnose, parse_snapshot
    except ImportError:
        try:
            from kyoso.engine.diagnosis.snapshot import parse_snapshot  # type: ignore[no-redef]
            from kyoso.engine.diagnosis.diagnose import diagnose  # type: ignore[no-redef]
        except ImportError:
            raise ApiError(503, "The diagnosis engine is not installed.") from None
    parsed = parse_snapshot(snapshot)  # SnapshotError → 422 with the JSON path (see kyoso.api.core)
    result = diagnose(parsed, lang=lang)
    return result.to_json()  # type: ignore[no-any-return]
