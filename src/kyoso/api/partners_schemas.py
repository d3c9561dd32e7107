"""Schemas of the partner-directory API (`kyoso.api.partners`)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from kyoso.core.safe_urls import WebURL


class OrganisationIn(Schema):
    name: str = Field(..., max_length=200)
    kind: str = Field(..., description="corporate | startup | university | public")
    description: str = ""
    industries: list[str] = []
    technologies: list[str] = []
    tags: list[str] = []
    website: WebURL = ""
    country: str = ""
    founded: int | None = None
    employees: int | None = Field(None, ge=0)
    stage: str = Field("", description="seed | series_a | series_b | series_c | pre_ipo | listed | ''")
    oi_experience_count: int | None = Field(None, ge=0)
    oi_experience_text: str = ""
    company_wide_support: str = Field("unknown", description="yes | no | unknown")
    decision_lead_days: int | None = Field(None, ge=0)
    quality_approach: str = Field("", description="verify_first | balanced | ship_and_iterate | ''")
    risk_appetite: str = Field("", description="low | medium | high | ''")
    internal_notes: str = ""


class OrganisationPatch(Schema):
    name: str | None = None
    kind: str | None = None
    description: str | None = None
    industries: list[str] | None = None
    technologies: list[str] | None = None
    tags: list[str] | None = None
    website: WebURL | None = None
    country: str | None = None
    founded: int | None = None
    employees: int | None = None
    stage: str | None = None
    oi_experience_count: int | None = None
    oi_experience_text: str | None = None
    company_wide_support: str | None = None
    decision_lead_days: int | None = None
    quality_approach: str | None = None
    risk_appetite: str | None = None
    internal_notes: str | None = None


class ChecklistAnswerOut(Schema):
    item: str
    answer: str
    note: str
    answered_on: date | None


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    industries: list[str]
    technologies: list[str]
    tags: list[str]
    website: str
    country: str
    founded: int | None
    employees: int | None
    stage: str
    oi_experience_count: int | None
    oi_experience_text: str
    company_wide_support: str
    decision_lead_days: int | None
    quality_approach: str
    risk_appetite: str
    source: str
    created_at: datetime
    updated_at: datetime


class ContactOut(Schema):
    id: int
    organisation_id: int
    name: str
    title: str
    email: str
    phone: str
    note: str


class OrganisationDetailOut(OrganisationOut):
    internal_notes: str
    checklist: list[ChecklistAnswerOut]


class ChecklistIn(Schema):
    answer: str = Field(..., description="yes | no | unknown")
    note: str = ""
    answered_on: date | None = None


class NeedIn(Schema):
    title: str = Field(..., max_length=200)
    description: str
    organisation_id: int | None = None
    why: str = ""
    budget_min_jpy: int | None = Field(None, ge=0)
    budget_max_jpy: int | None = Field(None, ge=0)
    timeline: str = ""
    first_result_months: int | None = Field(None, ge=0)
    goal_type: str = Field("", description="improve_existing | replace | new_market | explore | ''")
    desired_traits: str = ""
    decision_lead_days: int | None = Field(None, ge=0)
    quality_approach: str = ""
    risk_appetite: str = ""
    status: str = "open"


class NeedOut(Schema):
    id: int
    title: str
    description: str
    organisation_id: int | None
    why: str
    budget_min_jpy: int | None
    budget_max_jpy: int | None
    timeline: str
    first_result_months: int | None
    goal_type: str
    desired_traits: str
    decision_lead_days: int | None
    quality_approach: str
    risk_appetite: str
    status: str
    created_at: datetime
    updated_at: datetime


class OfferIn(Schema):
    organisation_id: int
    title: str = Field(..., max_length=200)
    description: str = ""
    technologies: list[str] = []
    goal_type: str = ""
    first_result_months: int | None = Field(None, ge=0)
    budget_jpy: int | None = Field(None, ge=0)


class OfferOut(Schema):
    id: int
    organisation_id: int
    title: str
    description: str
    technologies: list[str]
    goal_type: str
    first_result_months: int | None
    budget_jpy: int | None


class SearchHitOut(Schema):
    id: int
    name: str
    kind: str
    score: float
    reasons: list[str]
    matched: dict[str, list[str]]


class FitComponentOut(Schema):
    id: str
    weight: float
    value: float
    known: bool
    reason: str


class FitOut(Schema):
    organisation_id: int
    name: str
    score: int
    components: list[FitComponentOut]
    shortlisted: bool


class ImportResultOut(Schema):
    created: int
    updated: int
    rows: int
    notes: list[str]
