"""Schemas of the alignment API (`kyoso.api.alignment`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

GoalType = Literal["improve_existing", "replace", "new_market", "explore"]
Quality = Literal["verify_first", "balanced", "ship_and_iterate"]
Owner = Literal["corporate", "partner", "joint", "undecided"]


class AnswersIn(Schema):
    goal_type: GoalType | None = None
    first_result_months: int | None = Field(None, ge=0, le=600)
    decision_lead_days: int | None = Field(None, ge=0, le=3650)
    quality_approach: Quality | None = None
    result_owner: Owner | None = None
    budget_jpy: int | None = Field(None, ge=0)
    success_kpi: str | None = Field(None, max_length=300)
    comments: dict[str, str] = Field(default_factory=dict, description="A free comment per question id.")


class AnswersOut(Schema):
    side: str
    goal_type: str | None
    first_result_months: int | None
    decision_lead_days: int | None
    quality_approach: str | None
    result_owner: str | None
    budget_jpy: int | None
    success_kpi: str | None
    comments: dict[str, str]
    submitted_at: datetime | None


class GapOut(Schema):
    question: str
    corporate: Any
    partner: Any
    severity: str = Field(..., description="low | medium | high | critical (from the diagnosis engine)")
    message: str = Field("", description="What to talk about next, in the requested language.")


class RoundOut(Schema):
    number: int
    label: str
    opened_at: datetime
    revealed_at: datetime | None = Field(None, description="When both sides had answered; null until then.")
    side: str = Field(..., description="The caller's side: corporate (workspace member) or partner.")
    mine: AnswersOut | None
    theirs: AnswersOut | None = Field(None, description="The other side's answers; null until both answered.")
    other_submitted: bool
    gaps: list[GapOut]


class RoundIn(Schema):
    label: str = Field("", max_length=200)
