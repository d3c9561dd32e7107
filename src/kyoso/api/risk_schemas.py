"""Schemas of the risk API (`kyoso.api.risk`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class LevelScore(Schema):
    score: int
    level: str


class DiagnosisSummaryOut(Schema):
    id: int
    project_id: int
    computed_at: datetime
    as_of: date | None
    overall: LevelScore
    scores: dict[str, int] = Field(..., description="Score 0–100 per cause id.")
    top_cause: str


class DiagnosisOut(DiagnosisSummaryOut):
    result: dict[str, Any] = Field(
        ...,
        description="The engine's full output (docs/formats.md#diagnosis-output) in the requested language, with the rules that fired.",
    )


class ProjectRef(Schema):
    id: int
    title: str
    stage: str


class HeatCell(Schema):
    cause: str
    score: int
    level: str


class HeatRowOut(Schema):
    project: ProjectRef
    overall: LevelScore | None = Field(None, description="null when the project has not been diagnosed yet")
    cells: list[HeatCell]


class WarningOut(Schema):
    id: int
    project: ProjectRef
    kind: str
    message: str
    message_ja: str
    message_en: str
    since: date | None
    status: str
    raised_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
