"""Schemas of the knowledge API (`kyoso.api.knowledge`)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class CauseTag(Schema):
    cause: str = Field(
        ...,
        description="One of purpose, partner_fit, internal_structure, communication, ip_contract, short_termism.",
    )
    weight: int = Field(..., ge=1, le=3)


class RetrospectiveOut(Schema):
    id: int
    project_id: int
    project_title: str
    outcome: str
    headline: str
    what_worked: str
    what_failed: str
    lessons: str
    countermeasure: str
    written_on: date
    written_by: str | None
    industry: str
    partner_name: str
    partner_kind: str
    stage_reached: str
    business_unit: str
    causes: list[CauseTag]
    share_agreed: bool
    exchanged: bool
    updated_at: datetime


class RetrospectiveIn(Schema):
    project_id: int
    outcome: str = Field(..., description="commercialised, stopped or paused")
    headline: str
    causes: dict[str, int] = Field(default_factory=dict, description="{cause id: weight 1–3}")
    what_worked: str = ""
    what_failed: str = ""
    lessons: str = ""
    countermeasure: str = ""
    written_on: date | None = None
    industry: str | None = None
    partner_kind: str | None = None
    stage_reached: str | None = None


class RetrospectivePatch(Schema):
    outcome: str | None = None
    headline: str | None = None
    causes: dict[str, int] | None = None
    what_worked: str | None = None
    what_failed: str | None = None
    lessons: str | None = None
    countermeasure: str | None = None
    written_on: date | None = None
    industry: str | None = None
    partner_kind: str | None = None
    stage_reached: str | None = None


class ShareIn(Schema):
    agreed: bool


class SearchHitOut(Schema):
    retrospective: RetrospectiveOut
    reasons: list[str]


class SimilarCaseOut(Schema):
    retrospective: RetrospectiveOut
    score: float = Field(..., description="0–1: 0.7 × cause-pattern cosine + 0.3 × context.")
    pattern: float
    context: float
    reasons: list[str]
